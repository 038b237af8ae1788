using StandbyAgent.Protocol;
using StandbyAgent.Replication.Streaming;
using StandbyAgent.Testing.FakeServer;
using Xunit;

namespace StandbyAgent.Replication.Tests.Streaming;

/// <summary>
/// Well-framed but hostile CopyData while streaming: unknown or malformed sub-messages, WAL that
/// does not continue where the last message ended, and segments that belong to another cluster.
/// None of it may reach the disk.
/// </summary>
public sealed class HostileCopyDataTests
{
    private const int PageSize = 8192;

    public static TheoryData<string, byte[], string> MalformedPayloads => new()
    {
        { "unknown type", [(byte)'x', 1, 2, 3], "unrecognized streaming header: message type 0x78" },
        { "empty", [], "empty CopyData" },
        { "XLogData shorter than its header", [(byte)'w', .. new byte[23]], "streaming header too small" },
        { "keepalive one byte short", [(byte)'k', .. new byte[16]], "invalid keepalive message" },
        { "keepalive one byte long", [(byte)'k', .. new byte[18]], "invalid keepalive message" },
    };

    /// <summary>XLogData messages as (offset from the segment start, length); only the last one is wrong.</summary>
    public static TheoryData<string, (int Offset, int Length)[]> DiscontinuousWal => new()
    {
        { "goes backwards", [(0, 1000), (500, 1000)] },
        { "repeats itself", [(0, 1000), (0, 1000)] },
        { "leaves a gap", [(0, 1000), (2000, 1000)] },
        { "skips a segment", [(0, 1000), (ReceiverHarness.SegmentSize, 1000)] },
        { "does not start where asked", [(100, 1000)] },
    };

    /// <summary>A defect in the segment's first page header, and how much of the page the first message carries.</summary>
    public static TheoryData<string, Func<WalLongPageHeader, WalLongPageHeader>, int> ForeignFirstPages => new()
    {
        { "another system", header => header with { SystemIdentifier = header.SystemIdentifier + 1 }, PageSize },
        { "another place in WAL", header => header with { PageAddress = header.PageAddress + (ulong)ReceiverHarness.SegmentSize }, PageSize },
        { "not a long header", header => header with { Info = 0 }, PageSize },
        { "another segment size", header => header with { SegmentSize = 2 * header.SegmentSize }, PageSize },
        { "another system, its header split over two messages", header => header with { SystemIdentifier = header.SystemIdentifier + 1 }, 20 },
    };

    [Theory]
    [MemberData(nameof(MalformedPayloads))]
    public async Task A_malformed_CopyData_payload_is_refused(string what, byte[] payload, string expectedMessage)
    {
        await using var harness = new ReceiverHarness();
        harness.StartReceiver();
        FakeServerConnection server = await harness.BeginStreamingAsync();
        await server.WriteCopyData(payload).FlushAsync();

        ProtocolViolationException error = await harness.ClientFailureAsync<ProtocolViolationException>();
        await harness.AssertCleanlyDisconnectedAsync(server);
        Assert.True(error.Message.Contains(expectedMessage, StringComparison.Ordinal), $"{what}: {error.Message}");
        Assert.Empty(harness.WalFiles());
    }

    [Theory]
    [MemberData(nameof(DiscontinuousWal))]
    public async Task WAL_that_does_not_continue_where_the_last_message_ended_is_refused(string what, (int Offset, int Length)[] messages)
    {
        await using var harness = new ReceiverHarness();
        harness.StartReceiver();
        FakeServerConnection server = await harness.BeginStreamingAsync();
        foreach ((int offset, int length) in messages)
        {
            Lsn start = ReceiverHarness.StreamStart + (ulong)offset;
            server.WriteXLogData(start, harness.Wal.Read(start, length), ReceiverHarness.FarWalEnd);
        }

        await server.FlushAsync();

        ProtocolViolationException error = await harness.ClientFailureAsync<ProtocolViolationException>();
        await harness.AssertCleanlyDisconnectedAsync(server);
        Assert.True(error.Message.Contains("refusing to write a gap or an overlap", StringComparison.Ordinal), $"{what}: {error.Message}");
        int accepted = messages[..^1].Sum(message => message.Length);
        if (accepted == 0)
        {
            Assert.Empty(harness.WalFiles());
        }
        else
        {
            string partial = ReceiverHarness.SegmentName(0x23) + ".partial";
            Assert.Equal([partial], harness.WalFiles());
            Assert.Equal(ReceiverHarness.PartialSegment(harness.Wal, 0x23, accepted), harness.ReadWalFile(partial));
        }
    }

    [Theory]
    [MemberData(nameof(ForeignFirstPages))]
    public async Task A_segment_whose_first_page_belongs_elsewhere_is_refused_before_a_byte_is_written(
        string what, Func<WalLongPageHeader, WalLongPageHeader> defect, int firstMessageLength)
    {
        await using var harness = new ReceiverHarness();
        harness.StartReceiver();
        byte[] firstPages = harness.Wal.Read(ReceiverHarness.StreamStart, 2 * PageSize);
        defect(harness.Wal.HeaderOf(0x23)).ToBytes().CopyTo(firstPages, 0);

        // Both messages and the end of the stream in one go: a receiver that accepts them ends normally.
        FakeServerConnection server = await harness.BeginStreamingAsync();
        Lsn second = ReceiverHarness.StreamStart + (ulong)firstMessageLength;
        await server.WriteXLogData(ReceiverHarness.StreamStart, firstPages.AsSpan(0, firstMessageLength), ReceiverHarness.FarWalEnd)
            .WriteXLogData(second, firstPages.AsSpan(firstMessageLength), ReceiverHarness.FarWalEnd)
            .WriteCommandComplete("COPY 0")
            .FlushAsync();

        ProtocolViolationException error = await harness.ClientFailureAsync<ProtocolViolationException>();
        await harness.AssertCleanlyDisconnectedAsync(server);
        Assert.True(error.Message.Contains($"segment {ReceiverHarness.SegmentName(0x23)}", StringComparison.Ordinal), $"{what}: {error.Message}");
        Assert.True(error.Message.Contains("refusing to write it", StringComparison.Ordinal), $"{what}: {error.Message}");
        Assert.All(harness.WalFiles(), name => Assert.True(harness.ReadWalFile(name).AsSpan().IndexOfAnyExcept((byte)0) < 0, $"{what}: {name} holds foreign WAL"));
    }
}
