using System.Buffers;
using System.Buffers.Binary;
using BenchmarkDotNet.Attributes;
using StandbyAgent.Protocol;
using StandbyAgent.Protocol.Framing;
using StandbyAgent.Protocol.Replication;

namespace StandbyAgent.Benchmarks;

/// <summary>
/// The per-message work of the receive loop, without I/O: cutting CopyData frames out of a
/// receive buffer made of 128 KiB blocks (so messages straddle blocks, as they do in the pipe),
/// parsing XLogData and keepalives, and writing a standby status update.
/// </summary>
[MemoryDiagnoser]
[InProcess]
public class ParserBenchmarks
{
    /// <summary>XLogData payloads as walsender sends them in bulk: 16 pages of 8 KiB.</summary>
    private const int WalBytesPerMessage = 128 * 1024;
    private const int Messages = 64;
    private const int BlockSize = 128 * 1024;

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

        _stream = Blocks.Split(bytes, BlockSize);
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
