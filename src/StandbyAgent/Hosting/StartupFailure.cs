using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Options;
using StandbyAgent.Replication.ServerConfiguration;

namespace StandbyAgent.Hosting;

/// <summary>Which start-up failures are a configuration an operator must fix, and so must not be retried by systemd.</summary>
internal static class StartupFailure
{
    /// <summary>EX_CONFIG from sysexits.h; the unit file's RestartPreventExitStatus names it.</summary>
    public const int ConfigurationExitCode = 78;

    private static readonly string? s_binderAssembly = typeof(ConfigurationBinder).Assembly.GetName().Name;

    public static bool IsConfigurationError(Exception error) => error switch
    {
        OptionsValidationException or ServerConfigurationException or InvalidDataException => true,

        // A value the binder cannot convert, or a key no property takes (ErrorOnUnknownConfiguration).
        InvalidOperationException { Source: var source } when source == s_binderAssembly => true,
        AggregateException aggregate => aggregate.InnerExceptions.All(IsConfigurationError),
        _ => false,
    };
}
