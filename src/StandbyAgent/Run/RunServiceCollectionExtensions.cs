using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using StandbyAgent.Replication.Streaming;
using StandbyAgent.Transport;
using StandbyAgent.Transport.Buffers;
using StandbyAgent.Transport.Rdma;
using StandbyAgent.Transport.Tcp;

namespace StandbyAgent.Run;

internal static class RunServiceCollectionExtensions
{
    /// <summary>
    /// The receiver of run mode: its validated settings, the <see cref="ReceiverStatus"/> and
    /// <see cref="WalReceiverOptions"/> monitoring reads, the transports, and the worker.
    /// </summary>
    public static IServiceCollection AddStandbyReceiver(this IServiceCollection services, IConfiguration configuration, StandbySetup setup)
    {
        services.TryAddSingleton(TimeProvider.System);
        services.AddSingleton(setup);
        services.AddSingleton<ReceiverStatus>();
        services.AddValidatedOptions<ReceiverOptions, ReceiverOptionsValidator>(configuration, ReceiverOptions.SectionName);
        services.AddValidatedOptions<ReconnectOptions, ReconnectOptionsValidator>(configuration, ReconnectOptions.SectionName);
        services.AddSingleton(provider => ToReceiverOptions(setup, provider.GetRequiredService<IOptions<ReceiverOptions>>().Value));
        services.AddSingleton<PinnedBlockMemoryPool>();

        // TCP for every session's first leg; with_rsocket then moves it onto RDMA.
        services.AddSingleton<ITransportFactory>(provider =>
        {
            var pool = provider.GetRequiredService<PinnedBlockMemoryPool>();
            return new RsocketCapableTransportFactory(
                new SocketTransportFactory(pool),
                new RsocketTransportFactory(pool, provider.GetRequiredService<ILoggerFactory>().CreateLogger("StandbyAgent.Rdma")),
                provider.GetRequiredService<IOptions<ReceiverOptions>>().Value.GetRdmaFallbackToTcp());
        });
        services.AddSingleton<StreamingAttempt>();
        services.AddSingleton(provider => ReconnectPipeline.Create(
            provider.GetRequiredService<IOptions<ReconnectOptions>>().Value,
            provider.GetRequiredService<ReceiverStatus>(),
            provider.GetRequiredService<TimeProvider>(),
            provider.GetRequiredService<ILoggerFactory>().CreateLogger(typeof(ReconnectPipeline).FullName!)));
        services.AddHostedService<StandbyWorker>();
        return services;
    }

    /// <summary>A key no property takes (a typo) is an error, like a value out of range.</summary>
    private static void AddValidatedOptions<TOptions, TValidator>(this IServiceCollection services, IConfiguration configuration, string section)
        where TOptions : class
        where TValidator : class, IValidateOptions<TOptions>
    {
        services.AddOptions<TOptions>()
            .Bind(configuration.GetSection(section), binder => binder.ErrorOnUnknownConfiguration = true)
            .ValidateOnStart();
        services.AddSingleton<IValidateOptions<TOptions>, TValidator>();
    }

    /// <summary>
    /// A standby's walreceiver: it fsyncs every batch and reports the flush the moment it is
    /// done (what synchronous_commit = on waits for), and resumes an empty pg_wal where the base
    /// backup starts.
    /// </summary>
    private static WalReceiverOptions ToReceiverOptions(StandbySetup setup, ReceiverOptions options) => new()
    {
        Slot = setup.Settings.PrimarySlotName,
        CreateSlot = options.GetCreateSlot(),
        StartWhenEmpty = setup.StartWhenEmpty,
        TargetTimeline = setup.Settings.TargetTimeline,
        Streaming = new StreamingOptions
        {
            StatusInterval = options.GetStatusInterval(),
            ReceiverTimeout = options.GetTimeout(),
            Synchronous = options.GetFsync(),
            ReportFlush = options.GetFsync(),
        },
    };
}
