using System.Globalization;
using StandbyAgent.Protocol;
using StandbyAgent.Protocol.Framing;
using StandbyAgent.Testing.FakeServer;
using StandbyAgent.Testing.Wire;
using StandbyAgent.Transport;
using StandbyAgent.Transport.Buffers;
using Xunit;

namespace StandbyAgent.Replication.Tests.Streaming;

/// <summary>
/// Broken framing at each stage of a session: the receiver fails with one of the protocol's own
/// exceptions, disconnects, writes no WAL and touches nothing outside its directory.
/// </summary>
public sealed class HostileFrameTests
{
    private static readonly SessionPhase[] s_phases = Enum.GetValues<SessionPhase>();

    /// <summary>Three times what the receive pipe holds before it stops reading the socket.</summary>
    private static readonly long s_flood = 3 * TransportPipes.PauseReceiveThreshold;

    /// <summary>
    /// The receive blocks the pipe's bound allows: it stops reading once the pause threshold is
    /// unread, so it holds at most that and one more read. A read takes a new block when less than
    /// <see cref="TransportPipes.MinimumReceiveSize"/> is left in the current one, so every block
    /// but the last is more than half full.
    /// </summary>
    private static readonly long s_mostReceiveBlocks =
        ((TransportPipes.PauseReceiveThreshold + PinnedBlockMemoryPool.DefaultBlockSize) / (PinnedBlockMemoryPool.DefaultBlockSize - TransportPipes.MinimumReceiveSize)) + 1;

    private static readonly int[] s_impossibleLengths = [0, 3, -1, int.MinValue, ProtocolLimits.MaxBackendMessageLength + 1, 0x7FFF_FFFF];

    public static TheoryData<SessionPhase, int> ImpossibleLengths
    {
        get
        {
            var data = new TheoryData<SessionPhase, int>();
            foreach (SessionPhase phase in s_phases)
            {
                foreach (int length in s_impossibleLengths)
                {
                    data.Add(phase, length);
                }
            }

            return data;
        }
    }

    public static TheoryData<SessionPhase> Phases => [.. s_phases];

    /// <summary>
    /// The length word is refused before anything waits for the payload (a client that believed
    /// it would wait forever), and however much the server sends after it, the client's memory
    /// stays within its receive pipe's bound: until the connection is closed it may read on, but
    /// never more than the pipe holds before it stops reading the socket.
    /// </summary>
    [Theory]
    [MemberData(nameof(ImpossibleLengths))]
    public async Task A_length_word_no_message_can_have_is_refused(SessionPhase phase, int length)
    {
        await using var harness = new ReceiverHarness();
        FakeServerConnection server = await AdvanceToAsync(harness, phase);
        long blocksBefore = harness.ReceiveBlocksAllocated;
        server.WriteRaw(new PayloadBuilder().Byte(PlausibleCode(phase)).Int32(length).ToArray());
        await server.FloodAsync(s_flood);

        ProtocolViolationException error = await harness.ClientFailureAsync<ProtocolViolationException>();
        await harness.AssertCleanlyDisconnectedAsync(server);
        Assert.Contains(length.ToString(CultureInfo.InvariantCulture), error.Message, StringComparison.Ordinal);
        Assert.Empty(harness.WalFiles());
        long blocks = harness.ReceiveBlocksAllocated - blocksBefore;
        Assert.True(blocks <= s_mostReceiveBlocks, $"the client took {blocks} receive blocks after the header, more than the {s_mostReceiveBlocks} its pause threshold allows");
    }

    [Theory]
    [MemberData(nameof(Phases))]
    public async Task A_message_of_an_unknown_type_is_refused(SessionPhase phase)
    {
        await using var harness = new ReceiverHarness();
        FakeServerConnection server = await AdvanceToAsync(harness, phase);
        await server.WriteRaw(BackendMessages.Frame((byte)'Y', 8, [1, 2, 3, 4])).FlushAsync();

        ProtocolViolationException error = await harness.ClientFailureAsync<ProtocolViolationException>();
        await harness.AssertCleanlyDisconnectedAsync(server);
        Assert.Contains("unexpected message type 0x59", error.Message, StringComparison.Ordinal);
        Assert.Empty(harness.WalFiles());
    }

    [Theory]
    [MemberData(nameof(Phases))]
    public async Task A_message_cut_short_by_the_end_of_the_connection_is_a_lost_connection(SessionPhase phase)
    {
        await using var harness = new ReceiverHarness();
        FakeServerConnection server = await AdvanceToAsync(harness, phase);

        // The header promises 100 bytes; 10 arrive, then FIN.
        await server.WriteRaw(new PayloadBuilder().Byte(PlausibleCode(phase)).Int32(104).Bytes(new byte[10]).ToArray()).FlushAsync();
        server.CloseOutput();

        TransportException error = await harness.ClientFailureAsync<TransportException>();
        await harness.AssertCleanlyDisconnectedAsync(server);
        Assert.Contains("server closed the connection unexpectedly", error.Message, StringComparison.Ordinal);
        Assert.Empty(harness.WalFiles());
    }

    [Theory]
    [MemberData(nameof(Phases))]
    public async Task A_connection_reset_in_the_middle_of_a_message_is_a_lost_connection(SessionPhase phase)
    {
        await using var harness = new ReceiverHarness();
        FakeServerConnection server = await AdvanceToAsync(harness, phase);

        // Half of a 64 KiB message, then RST.
        await server.WriteRaw(new PayloadBuilder().Byte(PlausibleCode(phase)).Int32(65_540).Bytes(new byte[32_768]).ToArray()).FlushAsync();
        server.Abort();

        await harness.ClientFailureAsync<TransportException>();
        harness.AssertNothingOutsideWalDirectoryChanged();
        Assert.Empty(harness.WalFiles());
    }

    /// <summary>Runs the script up to the point where the client waits for <paramref name="phase"/>'s first answer.</summary>
    private static async Task<FakeServerConnection> AdvanceToAsync(ReceiverHarness harness, SessionPhase phase)
    {
        harness.StartReceiver();
        if (phase == SessionPhase.Streaming)
        {
            return await harness.BeginStreamingAsync();
        }

        FakeServerConnection server = await harness.AcceptAsync();
        if (phase == SessionPhase.Authentication)
        {
            await server.ExpectStartupAsync();
            return server;
        }

        await server.CompleteStartupAsync();
        await server.ExpectQueryAsync("IDENTIFY_SYSTEM");
        return server;
    }

    /// <summary>The type of message the client waits for in <paramref name="phase"/>: Authentication, RowDescription, CopyData.</summary>
    private static byte PlausibleCode(SessionPhase phase) => phase switch
    {
        SessionPhase.Authentication => (byte)BackendMessageCode.AuthenticationRequest,
        SessionPhase.Query => (byte)BackendMessageCode.RowDescription,
        _ => (byte)BackendMessageCode.CopyData,
    };
}
