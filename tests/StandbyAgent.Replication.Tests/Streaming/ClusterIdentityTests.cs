using Microsoft.Extensions.Logging.Abstractions;
using StandbyAgent.Storage;
using StandbyAgent.Testing.FakeServer;
using Xunit;

namespace StandbyAgent.Replication.Tests.Streaming;

/// <summary>A directory that belongs to one cluster never receives another's WAL.</summary>
public sealed class ClusterIdentityTests
{
    private const ulong OtherSystem = ReceiverHarness.SystemIdentifier + 1;

    [Theory]
    [InlineData(true, OtherSystem, "1MB", "belongs to database system 7301234567890123456, but the server is database system 7301234567890123457")]
    [InlineData(false, OtherSystem, "1MB", "belongs to database system 7301234567890123456, but the server is database system 7301234567890123457")]
    [InlineData(true, ReceiverHarness.SystemIdentifier, "2MB", "has 1048576-byte segments, but the server uses 2097152-byte segments")]
    public async Task Refuses_a_server_of_another_cluster_and_leaves_the_directory_untouched(
        bool identityFile, ulong serverSystem, string serverSegmentSize, string expectedMessage)
    {
        await using var harness = new ReceiverHarness();
        using (WalDirectory directory = WalDirectory.Open(harness.WalPath, WalDirectoryMode.Archive, sync: true, NullLogger.Instance))
        {
            if (identityFile)
            {
                directory.VerifyIdentity(new ClusterIdentity(ReceiverHarness.SystemIdentifier, ReceiverHarness.SegmentSize));
            }
        }

        // Without the identity file, the segment's own first page says whose WAL this is.
        harness.SeedWalFile(ReceiverHarness.SegmentName(0x22), harness.Wal.Segment(0x22));
        string before = DirectoryListing.Describe(harness.WalPath);
        harness.StartReceiver();

        FakeServerConnection server = await harness.AcceptAsync();
        await server.CompleteStartupAsync();
        await server.AnswerIdentifySystemAsync(serverSystem, 1, ReceiverHarness.ServerPosition);
        await server.AnswerShowAsync("wal_segment_size", serverSegmentSize);

        ReplicationSetupException error = await harness.ClientFailureAsync<ReplicationSetupException>();
        await harness.AssertCleanlyDisconnectedAsync(server);
        Assert.Contains(expectedMessage, error.Message, StringComparison.Ordinal);
        Assert.Equal(before, DirectoryListing.Describe(harness.WalPath));
    }
}
