using StandbyAgent.Protocol;
using StandbyAgent.Replication.ServerConfiguration;
using Xunit;

namespace StandbyAgent.Replication.Tests.ServerConfiguration;

public sealed class BackupLabelTests
{
    private const string Path = "/data/backup_label";

    [Fact]
    public void Reads_the_start_location_and_timeline_of_a_postgresql_15_backup()
    {
        BackupLabel label = BackupLabel.Parse(
            """
            START WAL LOCATION: 0/2000028 (file 000000010000000000000002)
            CHECKPOINT LOCATION: 0/2000060
            BACKUP METHOD: streamed
            BACKUP FROM: primary
            START TIME: 2026-11-21 00:27:56 UTC
            LABEL: pg_basebackup base backup
            START TIMELINE: 3

            """,
            Path);

        Assert.Equal(new BackupLabel(Lsn.Parse("0/2000028"), 3), label);
    }

    [Fact]
    public void Before_postgresql_11_the_timeline_comes_from_the_segment_name() =>
        Assert.Equal(
            new BackupLabel(Lsn.Parse("1/A2000028"), 0x1A),
            BackupLabel.Parse("START WAL LOCATION: 1/A2000028 (file 0000001A00000001000000A2)\nCHECKPOINT LOCATION: 1/A2000060\n", Path));

    [Fact]
    public void A_file_without_a_start_location_is_refused()
    {
        ServerConfigurationException error = Assert.Throws<ServerConfigurationException>(() => BackupLabel.Parse("LABEL: x\n", Path));

        Assert.Contains("has no line \"START WAL LOCATION", error.Message, StringComparison.Ordinal);
    }
}
