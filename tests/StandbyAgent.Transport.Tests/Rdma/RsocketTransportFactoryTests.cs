using System.Diagnostics;
using Microsoft.Extensions.Logging.Abstractions;
using StandbyAgent.Transport.Buffers;
using StandbyAgent.Transport.Rdma;
using Xunit;

namespace StandbyAgent.Transport.Tests.Rdma;

/// <summary>
/// The rsocket transport on a host with librdmacm and no RDMA device (this machine): every way
/// in ends in one clear, permanent error. Connections themselves are proven in the soft-RoCE
/// harness (tests/rdma).
/// </summary>
public sealed class RsocketTransportFactoryTests : IDisposable
{
    private readonly PinnedBlockMemoryPool _pool = new();
    private readonly RsocketTransportFactory _factory;

    public RsocketTransportFactoryTests()
    {
        _factory = new RsocketTransportFactory(_pool, NullLogger.Instance);
    }

    [Fact]
    public void Without_a_device_the_check_names_enodev_and_what_to_install()
    {
        RdmaUnavailableException? problem = _factory.CheckAvailability();

        Assert.NotNull(problem);
        Assert.StartsWith("RDMA is not available: rsocket() found no RDMA device (ENODEV).", problem.Message, StringComparison.Ordinal);
        Assert.Contains("ibverbs-providers", problem.Message, StringComparison.Ordinal);
        Assert.IsAssignableFrom<NotSupportedException>(problem);
    }

    [Fact]
    public async Task Connecting_without_a_device_fails_at_once_and_never_falls_back()
    {
        long started = Stopwatch.GetTimestamp();

        var error = await Assert.ThrowsAsync<RdmaUnavailableException>(
            async () => await _factory.ConnectAsync(new TransportTarget("127.0.0.1", "127.0.0.1", 5432), CancellationToken.None));

        Assert.Contains("ENODEV", error.Message, StringComparison.Ordinal);
        Assert.True(Stopwatch.GetElapsedTime(started) < TimeSpan.FromSeconds(5));
    }

    [Fact]
    public async Task A_unix_domain_socket_cannot_be_reached_over_rsocket()
    {
        var target = new TransportTarget("/run/postgresql", null, 5432, "/run/postgresql/.s.PGSQL.5432");

        var error = await Assert.ThrowsAsync<NotSupportedException>(async () => await _factory.ConnectAsync(target, CancellationToken.None));

        Assert.Equal("rsocket connects to IP addresses; /run/postgresql/.s.PGSQL.5432 is a Unix-domain socket", error.Message);
    }

    [Fact]
    public void A_low_locked_memory_limit_is_explained_with_the_settings_that_raise_it()
    {
        var options = new RsocketTransportOptions();

        RdmaUnavailableException error = RdmaUnavailableException.MemoryLockTooLow(64 * 1024, options.PinnedBytes);

        Assert.Contains("the locked-memory limit is 64 kB", error.Message, StringComparison.Ordinal);
        Assert.Contains($"pins at least {options.PinnedBytes / 1024} kB", error.Message, StringComparison.Ordinal);
        Assert.Contains("LimitMEMLOCK=infinity", error.Message, StringComparison.Ordinal);
        Assert.Contains("ulimit -l", error.Message, StringComparison.Ordinal);
    }

    public void Dispose() => _pool.Dispose();
}
