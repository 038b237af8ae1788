using System.Globalization;
using StandbyAgent.Protocol;
using StandbyAgent.Protocol.Replication;
using StandbyAgent.Testing;

namespace StandbyAgent.Tests.Faults.Support;

/// <summary>
/// The crash loop's checks on an archive directory (timeline 1) after each kill and at the end:
/// the bytes the agent reported flushed are there and right, segments under complete names are
/// the primary's, and in the end the segments run without a gap from where streaming began.
/// </summary>
internal sealed class CrashAudit
{
    private const int SegmentSize = FaultPrimaryFixture.SegmentSize;

    private readonly string _directory;
    private readonly string _primaryWal;
    private readonly Lsn _start;
    private readonly CrashSchedule _schedule;
    private readonly HashSet<string> _verified = new(StringComparer.Ordinal);
    private Lsn _reported;
    private int _kills;
    private int _killsWithNewFlush;
    private Lsn _reportedAtLastKill;

    /// <param name="directory">The agent's archive directory.</param>
    /// <param name="primaryWal">The primary's pg_wal, holding every segment since <paramref name="start"/>.</param>
    /// <param name="start">Where the agent started streaming: a segment start.</param>
    /// <param name="schedule">For failure messages.</param>
    public CrashAudit(string directory, string primaryWal, Lsn start, CrashSchedule schedule)
    {
        _directory = directory;
        _primaryWal = primaryWal;
        _start = start;
        _schedule = schedule;
        _reported = start;
        _reportedAtLastKill = start;
    }

    /// <summary>A flush position the agent reported; only the highest matters.</summary>
    public void Reported(Lsn flush) => _reported = Lsn.Max(_reported, flush);

    /// <summary>After a kill and a power cut: nothing reported flushed is lost, nothing complete is wrong.</summary>
    /// <param name="kill">The kill, for the failure message.</param>
    /// <param name="log">The killed agent's log, for the failure message.</param>
    public void Check(KillPoint kill, string log)
    {
        _kills++;
        if (_reported > _reportedAtLastKill)
        {
            _killsWithNewFlush++;
            _reportedAtLastKill = _reported;
        }

        string context = string.Create(
            CultureInfo.InvariantCulture,
            $"{_schedule}; kill {_kills} after {kill.After.TotalMilliseconds} ms{(kill.Synchronous ? " of a --synchronous run" : string.Empty)}, highest flush reported {_reported}");
        string? loss = ReceivedWal.FindLoss(_directory, _primaryWal, 1, SegmentSize, _start, _reported);
        Assert.True(loss is null, $"{context}: {loss}\nthe killed agent's log:\n{log}");
        CheckCompleteSegments(context, log);
    }

    /// <summary>
    /// After the last run caught up to <paramref name="end"/>, the end of a pg_switch_wal() record,
    /// and stopped: every segment from the start to the one that record completed is complete and
    /// the primary's, and nothing else is left behind.
    /// </summary>
    public void CheckFinal(Lsn end)
    {
        // A schedule whose kills all came before the agent reported anything would have proved nothing.
        Assert.True(
            _killsWithNewFlush * 4 >= _kills,
            $"{_schedule}: only {_killsWithNewFlush} of {_kills} kills came after the agent had reported a new flush position: the agent is too slow to start on this machine for the schedule to test anything");
        CheckCompleteSegments(_schedule.ToString(), log: string.Empty);
        ulong first = WalFileName.SegmentNumber(_start, SegmentSize);
        ulong last = WalFileName.SegmentNumber(new Lsn(end.Value - 1), SegmentSize);
        string[] expected = [.. Enumerable.Range(0, checked((int)(last - first + 1))).Select(i => WalFileName.Segment(1, first + (ulong)i, SegmentSize))];
        string[] complete = [.. CompleteSegments().Order(StringComparer.Ordinal)];
        Assert.True(expected.SequenceEqual(complete), $"{_schedule}: expected the complete segments {expected[0]} to {expected[^1]} without a gap, found {string.Join(", ", complete)}");
        string[] strays = [.. Directory.EnumerateFiles(_directory).Select(Path.GetFileName).OfType<string>().Where(name => name.EndsWith(".tmp", StringComparison.Ordinal))];
        Assert.True(strays.Length == 0, $"{_schedule}: temporary files left behind: {string.Join(", ", strays)}");
    }

    public override string ToString() =>
        $"{_kills} kills, {_killsWithNewFlush} of them after a flush position not reported before; {_verified.Count} complete segments checked; highest flush reported {_reported}";

    private void CheckCompleteSegments(string context, string log)
    {
        WalComparisonResult comparison = WalDirectoryComparison.Compare(_directory, _primaryWal, name => !_verified.Contains(name));
        Assert.True(comparison.AllIdentical, $"{context}: a segment under its complete name is not the primary's: {comparison}\nthe killed agent's log:\n{log}");
        _verified.UnionWith(CompleteSegments());
    }

    private IEnumerable<string> CompleteSegments() =>
        Directory.EnumerateFiles(_directory)
            .Select(Path.GetFileName)
            .OfType<string>()
            .Where(name => name.Length == WalFileName.SegmentNameLength && WalFileName.TryParseSegment(name, SegmentSize, out _, out _, out bool partial) && !partial);
}
