using Npgsql;
using StandbyAgent.Protocol;
using StandbyAgent.Testing;

namespace StandbyAgent.Tests.Faults.Support;

/// <summary>
/// What the primary says a standby reported, sampled all the time from pg_stat_replication: the
/// highest flush position it ever reported, and every sample where it reported a flush beyond its
/// write position (reliability.md I1: write ≥ flush).
/// </summary>
internal sealed class FlushSampler : IAsyncDisposable
{
    private static readonly TimeSpan s_interval = TimeSpan.FromMilliseconds(10);

    private readonly CancellationTokenSource _stop = new();
    private readonly List<string> _problems = [];
    private readonly Task _sampling;
    private long _highestFlush;

    private FlushSampler(IPostgresContainer primary, string applicationName)
    {
        _sampling = Task.Run(() => SampleAsync(primary, applicationName));
    }

    public Lsn HighestFlush => new((ulong)Volatile.Read(ref _highestFlush));

    public IReadOnlyList<string> Problems
    {
        get
        {
            lock (_problems)
            {
                return [.. _problems];
            }
        }
    }

    /// <param name="applicationName">The standby's application_name, as pg_stat_replication shows it.</param>
    public static FlushSampler Start(IPostgresContainer primary, string applicationName) => new(primary, applicationName);

    /// <summary>Stops sampling; a sampling error (the primary went away) surfaces here.</summary>
    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        await _sampling;
        _stop.Dispose();
    }

    private async Task SampleAsync(IPostgresContainer primary, string applicationName)
    {
        try
        {
            await using var connection = new NpgsqlConnection(primary.GetConnectionString());
            await connection.OpenAsync(_stop.Token);
            await using var query = new NpgsqlCommand(
                "SELECT write_lsn::text, flush_lsn::text FROM pg_stat_replication WHERE application_name = $1 AND flush_lsn IS NOT NULL", connection)
            {
                Parameters = { new NpgsqlParameter<string> { TypedValue = applicationName } },
            };
            while (true)
            {
                await using (NpgsqlDataReader rows = await query.ExecuteReaderAsync(_stop.Token))
                {
                    while (await rows.ReadAsync(_stop.Token))
                    {
                        Record(Lsn.Parse(rows.GetString(0)), Lsn.Parse(rows.GetString(1)));
                    }
                }

                await Task.Delay(s_interval, _stop.Token);
            }
        }
        catch (OperationCanceledException) when (_stop.IsCancellationRequested)
        {
        }
    }

    private void Record(Lsn write, Lsn flush)
    {
        if (flush > write)
        {
            lock (_problems)
            {
                _problems.Add($"flush {flush} reported beyond write {write}");
            }
        }

        // The sampling loop is the only writer.
        if (flush > HighestFlush)
        {
            Volatile.Write(ref _highestFlush, (long)flush.Value);
        }
    }
}
