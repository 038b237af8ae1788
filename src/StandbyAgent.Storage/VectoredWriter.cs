using System.Buffers;
using System.Runtime.InteropServices;
using Microsoft.Win32.SafeHandles;

namespace StandbyAgent.Storage;

/// <summary>
/// Writes a <see cref="ReadOnlySequence{T}"/> at a file offset with pwritev, straight from the
/// buffers' memory: the receive pipe's blocks go to the kernel without an intermediate copy.
/// One instance per writer thread; it reuses its pin table, so a write allocates nothing.
/// </summary>
public sealed class VectoredWriter
{
    private const int VectorsPerCall = 64;

    private readonly MemoryHandle[] _pins = new MemoryHandle[VectorsPerCall];

    public unsafe void Write(SafeFileHandle file, string path, in ReadOnlySequence<byte> data, long offset)
    {
        Interop.Libc.IoVector* vectors = stackalloc Interop.Libc.IoVector[VectorsPerCall];
        SequencePosition position = data.Start;
        bool more = true;
        while (more)
        {
            int count = 0;
            long batchBytes = 0;
            try
            {
                while (count < VectorsPerCall)
                {
                    SequencePosition next = position;
                    if (!data.TryGet(ref next, out ReadOnlyMemory<byte> memory))
                    {
                        more = false;
                        break;
                    }

                    position = next;
                    if (memory.IsEmpty)
                    {
                        continue;
                    }

                    // Free for blocks of the pinned pool; a GC handle (not a heap allocation) otherwise.
                    _pins[count] = memory.Pin();
                    vectors[count].Base = (byte*)_pins[count].Pointer;
                    vectors[count].Count = (nuint)memory.Length;
                    batchBytes += memory.Length;
                    count++;
                }

                WriteVectors(file, path, vectors, count, batchBytes, offset);
            }
            finally
            {
                for (int i = 0; i < count; i++)
                {
                    _pins[i].Dispose();
                    _pins[i] = default;
                }
            }

            offset += batchBytes;
        }
    }

    private static unsafe void WriteVectors(SafeFileHandle file, string path, Interop.Libc.IoVector* vectors, int count, long total, long offset)
    {
        long written = 0;
        int index = 0;
        while (written < total)
        {
            nint result = Interop.Libc.PWriteV(file, vectors + index, count - index, offset + written);
            if (result < 0)
            {
                if (Marshal.GetLastPInvokeError() == Interop.Errors.EINTR)
                {
                    continue;
                }

                throw DurableFileSystem.Failure("pwritev", path);
            }

            if (result == 0)
            {
                // A write that makes no progress means the file system is full (as PostgreSQL assumes).
                throw new WalStorageException(
                    $"could not write to \"{path}\": no space left on device",
                    new IOException("pwritev wrote nothing", Interop.Errors.ENOSPC));
            }

            written += result;
            index = Skip(vectors, index, count, result);
        }
    }

    /// <summary>Drops the vectors a partial write finished and trims the one it stopped in.</summary>
    private static unsafe int Skip(Interop.Libc.IoVector* vectors, int index, int count, nint bytes)
    {
        while (bytes > 0 && index < count)
        {
            nuint length = vectors[index].Count;
            if ((nuint)bytes >= length)
            {
                bytes -= (nint)length;
                index++;
            }
            else
            {
                vectors[index].Base += bytes;
                vectors[index].Count -= (nuint)bytes;
                bytes = 0;
            }
        }

        return index;
    }
}
