using System.Globalization;
using Microsoft.Extensions.Logging.Abstractions;
using StandbyAgent.Protocol;
using StandbyAgent.Replication.Configuration;
using StandbyAgent.Replication.Streaming;
using StandbyAgent.Replication.Tests.Connection;
using StandbyAgent.Storage;
using StandbyAgent.Testing.FakeServer;
using StandbyAgent.Transport.Buffers;
using StandbyAgent.Transport.Tcp;
using Xunit;
using Xunit.Sdk;

namespace StandbyAgent.Replication.Tests.Streaming;

/// <summary>
/// The real receiver (<see cref="WalReceiver.RunOnceAsync"/> over kernel sockets into a
/// <see cref="WalDirectory"/>) against a scripted walsender. The WAL directory sits deep inside a
/// sandbox next to a file of its own, so a write anywhere else (a history file called "../../x")
/// shows. The client and the script share one deadline: no test can hang.
/// </summary>
internal sealed class ReceiverHarness : IAsyncDisposable
{
    public const ulong SystemIdentifier = 7_301_234_567_890_123_456;

    public const int SegmentSize = 1024 * 1024;

    /// <summary>How SHOW wal_segment_size prints <see cref="SegmentSize"/>.</summary>
    public const string SegmentSizeSetting = "1MB";

    /// <summary>The server's flush position in IDENTIFY_SYSTEM: in segment 0x23.</summary>
    public static readonly Lsn ServerPosition = new(0x0234_5678);

    /// <summary>Where an empty directory starts streaming: the start of <see cref="ServerPosition"/>'s segment.</summary>
    public static readonly Lsn StreamStart = new(0x0230_0000);

    /// <summary>Far ahead of anything streamed, so that reporting it is a visible bug.</summary>
    public static readonly Lsn FarWalEnd = new(0x0FF0_0000);

    private static readonly TimeSpan s_testTimeout = TimeSpan.FromSeconds(30);

    private readonly CancellationTokenSource _deadline = new(s_testTimeout);
    private readonly CancellationTokenSource _stop;
    private readonly PinnedBlockMemoryPool _pool = new();
    private readonly ConnectionSettings _settings;
    private readonly string _sandbox;
    private Task<StreamEnd>? _client;
    private string? _outsideBefore;

    public ReceiverHarness()
    {
        _stop = CancellationTokenSource.CreateLinkedTokenSource(_deadline.Token);
        _sandbox = Directory.CreateTempSubdirectory("fake-walsender-").FullName;
        WalPath = Path.Combine(_sandbox, "archive", "primary", "wal");
        Directory.CreateDirectory(WalPath);
        File.WriteAllText(Path.Combine(_sandbox, "archive", "primary", "neighbour.conf"), "not WAL\n");
        _settings = FakeServerSettings.For(Server);
    }

    public FakeWalSender Server { get; } = new();

    /// <summary>Timeline 1 of the cluster the fake serves.</summary>
    public SyntheticWal Wal { get; } = new(SystemIdentifier, SegmentSize);

    public string WalPath { get; }

    /// <summary>What the receiver publishes for monitoring.</summary>
    public ReceiverStatus Status { get; } = new();

    public StreamProgress Progress => Status.Progress;

    /// <summary>Receive buffers (pool blocks of 128 KiB) the client has had to create: what it held in memory at most.</summary>
    public long ReceiveBlocksAllocated => _pool.AllocatedBlocks;

    /// <summary>Ends every wait of the test, the client's included.</summary>
    public CancellationToken Deadline => _deadline.Token;

    private Task<StreamEnd> Client => _client ?? throw new InvalidOperationException("the receiver was not started");

    public static string SegmentName(ulong segmentNumber, uint timeline = 1) =>
        string.Create(CultureInfo.InvariantCulture, $"{timeline:X8}{segmentNumber / 4096:X8}{segmentNumber % 4096:X8}");

    /// <summary>A partial segment as it should be on disk: the WAL received, then the zeros it was prefilled with.</summary>
    public static byte[] PartialSegment(SyntheticWal wal, ulong segmentNumber, int received)
    {
        byte[] expected = new byte[wal.SegmentSize];
        wal.Read(wal.SegmentStart(segmentNumber), received).CopyTo(expected, 0);
        return expected;
    }

    /// <summary>Starts <see cref="WalReceiver.RunOnceAsync"/> in the background.</summary>
    public void StartReceiver(StreamingOptions? streaming = null, string? slot = null, TimeProvider? time = null)
    {
        _outsideBefore = DirectoryListing.Describe(_sandbox, WalPath);
        var options = new WalReceiverOptions { Slot = slot, Streaming = streaming ?? new StreamingOptions() };
        var receiver = new WalReceiver(_settings, new SocketTransportFactory(_pool), options, Status, time ?? TimeProvider.System, NullLogger.Instance);
        _client = Task.Run(() => RunAsync(receiver));
    }

    public Task<FakeServerConnection> AcceptAsync() => Server.AcceptAsync(Deadline);

    /// <summary>
    /// Startup, IDENTIFY_SYSTEM (timeline 1, <see cref="ServerPosition"/>), SHOW wal_segment_size,
    /// START_REPLICATION at <see cref="StreamStart"/>, CopyBoth.
    /// </summary>
    public async Task<FakeServerConnection> BeginStreamingAsync()
    {
        FakeServerConnection server = await AcceptAsync();
        await server.CompleteStartupAsync();
        await server.AnswerIdentifySystemAsync(SystemIdentifier, 1, ServerPosition);
        await server.AnswerShowAsync("wal_segment_size", SegmentSizeSetting);
        await server.StartCopyBothAsync("START_REPLICATION PHYSICAL 0/2300000 TIMELINE 1");
        return server;
    }

    /// <summary>Asks the receiver to stop, as SIGTERM does.</summary>
    public void StopClient() => _stop.Cancel();

    /// <summary>How the receiver ended; it must end without an error.</summary>
    public async Task<StreamEnd> ClientOutcomeAsync()
    {
        try
        {
            return await Client.WaitAsync(Deadline);
        }
        catch (OperationCanceledException) when (Deadline.IsCancellationRequested)
        {
            throw new XunitException("the receiver did not finish before the deadline");
        }
    }

    /// <summary>The receiver's error, which must be exactly a <typeparamref name="TException"/>.</summary>
    public async Task<TException> ClientFailureAsync<TException>()
        where TException : Exception
    {
        StreamEnd outcome;
        try
        {
            outcome = await Client.WaitAsync(Deadline);
        }
        catch (OperationCanceledException) when (Deadline.IsCancellationRequested)
        {
            throw new XunitException($"the receiver did not fail with {typeof(TException).Name} before the deadline");
        }
        catch (Exception ex)
        {
            return Assert.IsType<TException>(ex);
        }

        throw new XunitException($"the receiver was expected to fail with {typeof(TException).Name}, but it ended with {outcome}");
    }

    /// <summary>Segments, partial segments and history files, sorted; the lock and identity files are left out.</summary>
    public string[] WalFiles() =>
        [.. Directory.EnumerateFiles(WalPath)
            .Select(path => Path.GetFileName(path))
            .Where(name => name is not (WalDirectory.LockFileName or ClusterIdentity.FileName))
            .Order(StringComparer.Ordinal)];

    public byte[] ReadWalFile(string name) => File.ReadAllBytes(Path.Combine(WalPath, name));

    /// <summary>Puts a file into the WAL directory before the receiver starts, as an earlier run left it.</summary>
    public void SeedWalFile(string name, byte[] content) => File.WriteAllBytes(Path.Combine(WalPath, name), content);

    /// <summary>The sandbox outside the WAL directory is exactly as it was when the receiver started.</summary>
    public void AssertNothingOutsideWalDirectoryChanged() =>
        Assert.Equal(_outsideBefore, DirectoryListing.Describe(_sandbox, WalPath));

    /// <summary>After a failure: the client closed the connection and touched nothing outside its directory.</summary>
    public async Task AssertCleanlyDisconnectedAsync(FakeServerConnection server)
    {
        await server.ExpectDisconnectAsync();
        AssertNothingOutsideWalDirectoryChanged();
    }

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        await Server.DisposeAsync();
        if (_client is not null)
        {
            // The test has its verdict already; only make sure the receiver is gone before its directory is.
            await Task.WhenAny(_client, Task.Delay(TimeSpan.FromSeconds(10)));
        }

        _settings.Dispose();
        _pool.Dispose();
        _stop.Dispose();
        _deadline.Dispose();
        Directory.Delete(_sandbox, recursive: true);
    }

    private async Task<StreamEnd> RunAsync(WalReceiver receiver)
    {
        using WalDirectory directory = WalDirectory.Open(WalPath, WalDirectoryMode.Archive, sync: true, NullLogger.Instance);
        return await receiver.RunOnceAsync(directory, _stop.Token);
    }
}
