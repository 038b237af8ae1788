using System.Globalization;
using System.Text.RegularExpressions;
using StandbyAgent.Protocol;
using StandbyAgent.Protocol.Replication;

namespace StandbyAgent.Tests.Faults.Support;

/// <summary>
/// What strace -f recorded (one line per call, or an "unfinished" and a "resumed" line when
/// threads interleave), and the questions the storage fault tests ask of it: was a failed fsync
/// tried again on the same descriptor, and how far did successful fsyncs make WAL durable.
/// </summary>
internal sealed partial class SyscallLog
{
    private SyscallLog(IReadOnlyList<Syscall> calls)
    {
        Calls = calls;
    }

    /// <summary>In the order they were entered.</summary>
    public IReadOnlyList<Syscall> Calls { get; }

    public static SyscallLog Parse(IReadOnlyList<string> lines)
    {
        var calls = new List<Syscall?>();
        var unfinished = new Dictionary<int, (int Index, int Entered, string Name, string Arguments)>();
        for (int i = 0; i < lines.Count; i++)
        {
            if (UnfinishedPattern().Match(lines[i]) is { Success: true } entry)
            {
                int thread = int.Parse(entry.Groups["thread"].Value, CultureInfo.InvariantCulture);
                unfinished[thread] = (calls.Count, i, entry.Groups["name"].Value, entry.Groups["arguments"].Value);
                calls.Add(null);
            }
            else if (ResumedPattern().Match(lines[i]) is { Success: true } resumed)
            {
                int thread = int.Parse(resumed.Groups["thread"].Value, CultureInfo.InvariantCulture);
                if (unfinished.Remove(thread, out var started))
                {
                    calls[started.Index] = Create(resumed, started.Entered, i, started.Name, started.Arguments + resumed.Groups["arguments"].Value, lines[i]);
                }
            }
            else if (CompletePattern().Match(lines[i]) is { Success: true } complete)
            {
                calls.Add(Create(complete, i, i, complete.Groups["name"].Value, complete.Groups["arguments"].Value, lines[i]));
            }
        }

        // A call still unfinished at the end never returned (the process died in it).
        return new SyscallLog([.. calls.OfType<Syscall>()]);
    }

    /// <summary>Calls that failed with <paramref name="error"/> (EIO, say).</summary>
    public IEnumerable<Syscall> FailedWith(string error) => Calls.Where(call => call.Error == error);

    /// <summary>fsync or fdatasync called again on a descriptor after one failed on it, before it was closed.</summary>
    public IReadOnlyList<string> SyncRetries()
    {
        var failed = new Dictionary<int, Syscall>();
        var retries = new List<string>();
        foreach (Syscall call in Calls)
        {
            if (call.Name == "openat" && call.Result >= 0)
            {
                failed.Remove((int)call.Result);
            }
            else if (call.Name == "close")
            {
                failed.Remove(call.Descriptor);
            }
            else if (call.IsSync)
            {
                if (failed.TryGetValue(call.Descriptor, out Syscall? first))
                {
                    retries.Add($"\"{call.Line}\" after \"{first.Line}\"");
                }
                else if (call.Result < 0)
                {
                    failed[call.Descriptor] = call;
                }
            }
        }

        return retries;
    }

    /// <summary>
    /// The end of the WAL that successful fsyncs made durable: for each segment file, the writes
    /// to it that had returned before an fsync of it that succeeded was entered. WAL reported
    /// flushed beyond this was never made durable.
    /// </summary>
    public Lsn DurableEnd(int segmentSize)
    {
        var segments = new Dictionary<int, ulong>();
        var writes = new Dictionary<int, List<Syscall>>();
        Lsn durable = Lsn.Invalid;
        foreach (Syscall call in Calls)
        {
            if (call.Name == "openat" && call.Result >= 0)
            {
                int descriptor = (int)call.Result;
                writes[descriptor] = [];
                if (SegmentOf(call.Arguments, segmentSize) is ulong segment)
                {
                    segments[descriptor] = segment;
                }
                else
                {
                    segments.Remove(descriptor);
                }
            }
            else if (call.Name == "pwritev" && call.Result > 0)
            {
                writes.GetValueOrDefault(call.Descriptor)?.Add(call);
            }
            else if (call.IsSync && call.Result == 0 && segments.TryGetValue(call.Descriptor, out ulong segment))
            {
                long covered = writes[call.Descriptor].Where(write => write.Returned < call.Entered).Select(WriteEnd).DefaultIfEmpty(0).Max();
                if (covered > 0)
                {
                    durable = Lsn.Max(durable, WalFileName.SegmentStart(segment, segmentSize) + (ulong)covered);
                }
            }
        }

        return durable;
    }

    /// <summary>pwritev(fd, iov, iovcnt, offset) = bytes: where the write ended in the file.</summary>
    private static long WriteEnd(Syscall write) =>
        long.Parse(write.Arguments.AsSpan(write.Arguments.LastIndexOf(',') + 1).Trim(), CultureInfo.InvariantCulture) + write.Result;

    /// <summary>The segment an openat's path names: NAME, NAME.partial, or either being prepared as .tmp.</summary>
    private static ulong? SegmentOf(string openArguments, int segmentSize)
    {
        Match path = QuotedPathPattern().Match(openArguments);
        string name = Path.GetFileName(path.Groups["path"].Value);
        if (name.EndsWith(".tmp", StringComparison.Ordinal))
        {
            name = name[..^".tmp".Length];
        }

        return path.Success && WalFileName.TryParseSegment(name, segmentSize, out _, out ulong segment, out _) ? segment : null;
    }

    private static Syscall Create(Match match, int entered, int returned, string name, string arguments, string line)
    {
        string rest = match.Groups["rest"].Value;
        Match error = ErrorPattern().Match(rest);
        return new Syscall(
            entered,
            returned,
            int.Parse(match.Groups["thread"].Value, CultureInfo.InvariantCulture),
            name,
            arguments,
            long.Parse(match.Groups["result"].Value, CultureInfo.InvariantCulture),
            error.Success ? error.Groups["errno"].Value : null,
            rest.Contains("(INJECTED)", StringComparison.Ordinal),
            line);
    }

    [GeneratedRegex(@"^(?<thread>\d+)\s+(?<name>\w+)\((?<arguments>.*) <unfinished \.\.\.>$")]
    private static partial Regex UnfinishedPattern();

    [GeneratedRegex(@"^(?<thread>\d+)\s+<\.\.\. (?<name>\w+) resumed>(?<arguments>.*)\)\s+= (?<result>-?\d+)(?<rest>.*)$")]
    private static partial Regex ResumedPattern();

    [GeneratedRegex(@"^(?<thread>\d+)\s+(?<name>\w+)\((?<arguments>.*)\)\s+= (?<result>-?\d+)(?<rest>.*)$")]
    private static partial Regex CompletePattern();

    [GeneratedRegex(@"^ (?<errno>E[A-Z]+) \(")]
    private static partial Regex ErrorPattern();

    [GeneratedRegex("\"(?<path>[^\"]*)\"")]
    private static partial Regex QuotedPathPattern();
}
