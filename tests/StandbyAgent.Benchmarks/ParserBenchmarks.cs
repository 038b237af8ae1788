using System.Buffers;
using System.Buffers.Binary;
using System.IO.Pipelines;
using BenchmarkDotNet.Attributes;
using StandbyAgent.Protocol;
using StandbyAgent.Protocol.Framing;
using StandbyAgent.Protocol.Replication;
using StandbyAgent.Transport.Buffers;

namespace StandbyAgent.Benchmarks;

/// <summary>
/// The per-message work of the receive loop, without I/O: cutting CopyData frames out of a real
/// receive pipe over the pinned pool (so messages straddle its blocks as they do when streaming),
/// parsing XLogData and keepalives, and writing a standby status update.
/// </summary>
[MemoryDiagnoser]
[InProcess]
public class ParserBenchmarks
{
    /// <summary>XLogData payloads as walsender sends them in bulk: 16 pages of 8 KiB.</summary>
    private const int WalBytesPerMessage = 128 * 1024;
    private const int Messages = 64;

    private readonly Pipe _receive = new(new PipeOptions(new PinnedBlockMemoryPool(), pauseWriterThreshold: 0, useSynchronizationContext: false));
    private readonly ArrayBufferWriter<byte> _output = new(64);
    private ReadOnlySequence<byte> _stream;
    private ReadOnlySequence<byte> _keepalive;

    [GlobalSetup]
    public void Setup()
    {
        int frameLength = 5 + XLogData.HeaderLength + WalBytesPerMessage;
        var bytes = new byte[frameLength * Messages];
        for (int i = 0; i < Messages; i++)
        {
            Span<byte> frame = bytes.AsSpan(i * frameLength, frameLength);
            frame[0] = (byte)BackendMessageCode.CopyData;
            BinaryPrimitives.WriteInt32BigEndian(frame[1..], frameLength - 1);
            frame[5] = (byte)ReplicationMessageCode.XLogData;
            BinaryPrimitives.WriteUInt64BigEndian(frame[6..], (ulong)i * WalBytesPerMessage);
            BinaryPrimitives.WriteUInt64BigEndian(frame[14..], (ulong)Messages * WalBytesPerMessage);
        }

        // The frames stay in the pipe, unconsumed, for every iteration.
        _receive.Writer.Write(bytes);
        _receive.Writer.FlushAsync().AsTask().GetAwaiter().GetResult();
        _receive.Reader.TryRead(out ReadResult received);
        _stream = received.Buffer;
        byte[] keepalive = [(byte)BackendMessageCode.CopyData, 0, 0, 0, 22, (byte)ReplicationMessageCode.PrimaryKeepalive, 0, 0, 0, 0, 1, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1];
        _keepalive = new ReadOnlySequence<byte>(keepalive);
    }

    /// <summary>One call cuts and parses <see cref="Messages"/> XLogData frames: divide by 64 for one.</summary>
    [Benchmark(OperationsPerInvoke = Messages)]
    public long XLogDataFrames()
    {
        var reader = new SequenceReader<byte>(_stream);
        long walBytes = 0;
        while (BackendFrameReader.TryRead(ref reader, out BackendFrame frame))
        {
            walBytes += XLogData.Parse(frame.Payload).Data.Length;
        }

        return walBytes;
    }

    [Benchmark]
    public bool KeepaliveFrame()
    {
        var reader = new SequenceReader<byte>(_keepalive);
        BackendFrameReader.TryRead(ref reader, out BackendFrame frame);
        return PrimaryKeepalive.Parse(frame.Payload).ReplyRequested;
    }

    [Benchmark]
    public int StandbyStatusUpdateFrame()
    {
        _output.ResetWrittenCount();
        new StandbyStatusUpdate(new Lsn(0x1_6B37_4D48), new Lsn(0x1_6B37_0000), Lsn.Invalid, 123_456_789, false).WriteFrame(_output);
        return _output.WrittenCount;
    }
}
