using System.Runtime.InteropServices;
using StandbyAgent.Protocol.Framing;
using StandbyAgent.Protocol.Tests.Support;
using StandbyAgent.Testing.Wire;

namespace StandbyAgent.Protocol.Tests.Framing;

public sealed class PayloadReaderTests
{
    private static readonly byte[] s_fields = new PayloadBuilder()
        .Byte(0xAB).Int16(-2).Int32(0x01020304).Int64(-1).CString("naïve").Bytes([9, 8, 7]).ToArray();

    [Fact]
    public void Fields_are_read_big_endian_at_every_block_boundary()
    {
        foreach (ReadOnlySequence<byte> shape in Segments.AllShapes(s_fields))
        {
            var reader = new PayloadReader(shape, "test");
            Assert.Equal(0xAB, reader.ReadByte());
            Assert.Equal(-2, reader.ReadInt16());
            Assert.Equal(0x01020304, reader.ReadInt32());
            Assert.Equal(ulong.MaxValue, reader.ReadUInt64());
            Assert.Equal("naïve", reader.ReadCString());
            Assert.Equal([9, 8, 7], reader.ReadToEnd().ToArray());
            reader.EnsureEnd();
        }
    }

    [Theory]
    [InlineData(0, "byte")]
    [InlineData(1, "int16")]
    [InlineData(3, "int32")]
    [InlineData(7, "int64")]
    public void Reading_past_the_end_is_a_protocol_violation_naming_the_message(int available, string field)
    {
        ReadOnlySequence<byte> payload = Segments.Single(new byte[available]);

        ProtocolViolationException error = Assert.Throws<ProtocolViolationException>(() =>
        {
            var reader = new PayloadReader(payload, "SomeMessage");
            _ = field switch
            {
                "byte" => reader.ReadByte(),
                "int16" => reader.ReadInt16(),
                "int32" => reader.ReadInt32(),
                _ => reader.ReadInt64(),
            };
        });

        Assert.Contains("SomeMessage", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Unterminated_string_is_a_protocol_violation()
    {
        ReadOnlySequence<byte> payload = Segments.Single("no terminator"u8.ToArray());

        Assert.Throws<ProtocolViolationException>(() => new PayloadReader(payload, "test").ReadCString());
    }

    [Fact]
    public void Invalid_utf8_in_a_string_is_replaced_rather_than_rejected()
    {
        ReadOnlySequence<byte> payload = Segments.Single([0x61, 0xC3, 0x28, 0xFF, 0x62, 0x00]);

        Assert.Equal("a\uFFFD(\uFFFDb", new PayloadReader(payload, "test").ReadCString());
    }

    [Theory]
    [InlineData(-1)]
    [InlineData(4)]
    [InlineData(long.MaxValue)]
    public void Slice_longer_than_what_is_left_or_negative_is_a_protocol_violation(long count)
    {
        ReadOnlySequence<byte> payload = Segments.Single([1, 2, 3]);

        Assert.Throws<ProtocolViolationException>(() => new PayloadReader(payload, "test").ReadSlice(count));
    }

    [Fact]
    public void Slice_refers_to_the_payload_memory()
    {
        byte[] bytes = [1, 2, 3, 4, 5];
        var reader = new PayloadReader(Segments.Single(bytes), "test");
        reader.ReadByte();

        ReadOnlySequence<byte> slice = reader.ReadSlice(3);

        Assert.True(MemoryMarshal.TryGetArray(slice.First, out ArraySegment<byte> segment));
        Assert.Same(bytes, segment.Array);
        Assert.Equal(1, segment.Offset);
        Assert.Equal(1, reader.Remaining);
    }

    [Fact]
    public void Unread_bytes_fail_the_end_check()
    {
        ReadOnlySequence<byte> payload = Segments.Single([1, 2]);

        ProtocolViolationException error = Assert.Throws<ProtocolViolationException>(() =>
        {
            var reader = new PayloadReader(payload, "test");
            reader.ReadByte();
            reader.EnsureEnd();
        });

        Assert.Contains("1 unexpected bytes", error.Message, StringComparison.Ordinal);
    }
}
