using StandbyAgent.Tests.Support;

namespace StandbyAgent.Tests.Faults;

/// <summary>
/// Bad command lines and connection strings for <c>receive</c> (reliability.md G14's conninfo
/// parser, S11): one line saying what is wrong, exit code 1, no secret echoed, and the WAL
/// directory untouched (nothing is opened or locked before the arguments are known to be good).
/// The run mode's configuration files have theirs in Run/ConfigurationErrorTests. Nothing needs a
/// server: every case fails before a connection is tried.
/// </summary>
public sealed class BadCommandLineTests : IDisposable
{
    private const string ErrorPrefix = "standby-agent: error: ";
    private static readonly TimeSpan s_timeout = TimeSpan.FromSeconds(30);

    private readonly TempDirectory _wal = new();

    public static TheoryData<string[], string> BadArguments => new()
    {
        { ["--dbname", "host='primary password=s3cret"], "unterminated quoted string in connection info string" },
        { ["--dbname", "hots=primary password=s3cret"], "invalid connection option \"hots\"" },
        { ["--dbname", "host=primary sslmode=sometimes"], "invalid sslmode value: \"sometimes\"" },
        { ["--dbname", "postgresql://primary:port/"], "invalid integer value \"port\" for connection option \"port\"" },
        { ["--dbname", "host=primary", "--endpos", "0/ZZ"], "could not parse end position \"0/ZZ\"" },
        { ["--dbname", "host=primary", "--status-interval", "soon"], "invalid status interval \"soon\"" },
        { ["--dbname", "host=primary", "--receiver-timeout", "-1"], "invalid receiver timeout \"-1\"" },
        { ["--dbname", "host=primary", "--slot", "Bad-Slot"], "invalid replication slot name \"Bad-Slot\"" },
        { ["--dbname", "host=primary", "--synchronous", "--no-sync"], "cannot use --synchronous together with --no-sync" },
        { ["--dbname", "host=primary", "--frobnicate"], "Unrecognized command or argument '--frobnicate'" },
    };

    public void Dispose() => _wal.Dispose();

    [Theory]
    [MemberData(nameof(BadArguments))]
    public async Task A_bad_argument_is_one_clear_error_and_exit_code_1_and_nothing_is_written(string[] arguments, string expected)
    {
        (int exitCode, string log) = await AgentProcess.RunAsync(["receive", "--directory", _wal.Path, .. arguments], s_timeout);

        Assert.Equal(1, exitCode);
        string error = Assert.Single(log.Split('\n'), line => line.StartsWith(ErrorPrefix, StringComparison.Ordinal));
        Assert.Contains(expected, error, StringComparison.Ordinal);
        Assert.DoesNotContain("s3cret", log, StringComparison.Ordinal);
        Assert.Empty(Directory.EnumerateFileSystemEntries(_wal.Path));
    }
}
