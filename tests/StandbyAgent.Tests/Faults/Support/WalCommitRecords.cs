using System.Globalization;
using System.Text.RegularExpressions;
using StandbyAgent.LocalCluster;
using StandbyAgent.Protocol;
using StandbyAgent.Testing;

namespace StandbyAgent.Tests.Faults.Support;

/// <summary>
/// The transactions whose commit record is in a directory of WAL, as pg_waldump reads it: every
/// record from the start to the end of the valid WAL, each checked against its CRC and chained to
/// the one before, so a commit found here is really there.
/// </summary>
internal static partial class WalCommitRecords
{
    /// <returns>The transaction ids, and why pg_waldump stopped (without an end it always stops with an error: where the valid WAL ends).</returns>
    public static async Task<(IReadOnlySet<uint> Committed, string StoppedBecause)> ReadAsync(string directory, Lsn start)
    {
        ToolResult dump = await PgWalDump.RunAsync(directory, start, end: null);
        var committed = new HashSet<uint>(CommitPattern().Matches(dump.StandardOutput).Select(match => uint.Parse(match.Groups["xid"].Value, CultureInfo.InvariantCulture)));
        return (committed, dump.StandardError.Trim());
    }

    [GeneratedRegex(@"tx:\s*(?<xid>\d+), lsn: [0-9A-F]+/[0-9A-F]+, prev [0-9A-F]+/[0-9A-F]+, desc: COMMIT ")]
    private static partial Regex CommitPattern();
}
