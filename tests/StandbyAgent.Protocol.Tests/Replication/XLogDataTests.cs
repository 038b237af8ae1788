using System.Runtime.InteropServices;
using StandbyAgent.Protocol.Replication;
using StandbyAgent.Protocol.Tests.Support;
using StandbyAgent.Testing.Wire;

namespace StandbyAgent.Protocol.Tests.Replication;

public sealed class XLogDataTests
{
    private const ulong DataStart = 0x0000_0016_B374_D848;
    private const ulong WalEnd = 0x0000_0016_B375_0000;
    private const long SendTime = 0x0002_B5E3_AF16_B188;

    [Fact]
    public void Header_fields_and_wal_bytes_are_read()
    {
        XLogData message = XLogData.Parse(Segments.Single(BackendMessages.XLogData(DataStart, WalEnd, SendTime, [1, 2, 3])));

        Assert.Equal(new Lsn(DataStart), message.DataStart);
        Assert.Equal(new Lsn(WalEnd), message.WalEnd);
        Assert.Equal(SendTime, message.SendTime);
        Assert.Equal([1, 2, 3], message.Data.ToArray());
        Assert.Equal(new Lsn(DataStart + 3), message.DataEnd);
    }

    [Fact]
    public void Message_of_exactly_the_header_carries_no_wal()
    {
        byte[] bytes = BackendMessages.XLogData(DataStart, WalEnd, SendTime, []);
        Assert.Equal(XLogData.HeaderLength, bytes.Length);

        XLogData message = XLogData.Parse(Segments.Single(bytes));

        Assert.True(message.Data.IsEmpty);
        Assert.Equal(message.DataStart, message.DataEnd);
    }

    [Fact]
    public void Header_split_across_blocks_at_every_offset_reads_the_same()
    {
        byte[] bytes = BackendMessages.XLogData(DataStart, WalEnd, SendTime, [0xA1, 0xA2, 0xA3, 0xA4]);

        foreach (ReadOnlySequence<byte> shape in Segments.AllShapes(bytes))
        {
            XLogData message = XLogData.Parse(shape);
            Assert.Equal((new Lsn(DataStart), new Lsn(WalEnd), SendTime), (message.DataStart, message.WalEnd, message.SendTime));
            Assert.Equal([0xA1, 0xA2, 0xA3, 0xA4], message.Data.ToArray());
        }
    }

    [Fact]
    public void Wal_bytes_are_a_slice_of_the_receive_buffer_not_a_copy()
    {
        byte[] bytes = BackendMessages.XLogData(DataStart, WalEnd, SendTime, new byte[100]);

        XLogData message = XLogData.Parse(Segments.Single(bytes));

        Assert.True(MemoryMarshal.TryGetArray(message.Data.First, out ArraySegment<byte> slice));
        Assert.Same(bytes, slice.Array);
        Assert.Equal(XLogData.HeaderLength, slice.Offset);
        Assert.Equal(100, slice.Count);
    }

    [Fact]
    public void Wal_bytes_spread_over_blocks_stay_slices_of_those_blocks()
    {
        byte[] bytes = BackendMessages.XLogData(DataStart, WalEnd, SendTime, new byte[100]);

        // The header straddles the first boundary; the WAL straddles the second.
        XLogData message = XLogData.Parse(Segments.SplitAt(bytes, 10, 60));

        var slices = new List<(int Offset, int Count)>();
        foreach (ReadOnlyMemory<byte> block in message.Data)
        {
            Assert.True(MemoryMarshal.TryGetArray(block, out ArraySegment<byte> slice));
            Assert.Same(bytes, slice.Array);
            slices.Add((slice.Offset, slice.Count));
        }

        Assert.Equal([(25, 35), (60, 65)], slices);
    }

    [Theory]
    [InlineData(0)]
    [InlineData(1)]
    [InlineData(17)]
    [InlineData(24)]
    public void Message_shorter_than_the_header_is_a_streaming_header_too_small_violation(int length)
    {
        byte[] bytes = BackendMessages.XLogData(DataStart, WalEnd, SendTime, [])[..length];

        ProtocolViolationException error = Assert.Throws<ProtocolViolationException>(() => XLogData.Parse(Segments.Single(bytes)));

        Assert.Contains("streaming header too small", error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(ulong.MaxValue, 0, true)]
    [InlineData(ulong.MaxValue - 1, 1, true)]
    [InlineData(ulong.MaxValue - 1, 2, false)]
    [InlineData(ulong.MaxValue, 1, false)]
    [InlineData(ulong.MaxValue - 7, 7, true)]
    [InlineData(ulong.MaxValue - 7, 8, false)]
    public void Wal_that_would_run_past_the_end_of_the_address_space_is_rejected(ulong dataStart, int length, bool accepted)
    {
        ReadOnlySequence<byte> bytes = Segments.Single(BackendMessages.XLogData(dataStart, WalEnd, SendTime, new byte[length]));

        if (accepted)
        {
            Assert.Equal(new Lsn(dataStart + (ulong)length), XLogData.Parse(bytes).DataEnd);
        }
        else
        {
            Assert.Throws<ProtocolViolationException>(() => XLogData.Parse(bytes));
        }
    }
}
