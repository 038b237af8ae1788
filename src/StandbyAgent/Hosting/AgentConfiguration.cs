using Microsoft.Extensions.Configuration;
using StandbyAgent.Metrics;
using StandbyAgent.Run;

namespace StandbyAgent.Hosting;

/// <summary>
/// The agent's own settings, later sources winning: appsettings.json beside the program, the
/// --settings file, STANDBY_AGENT_* environment variables (Section__Key), then --Section:Key=value
/// on the command line. The standby's settings (primary_conninfo...) come from its data directory instead.
/// </summary>
internal static class AgentConfiguration
{
    public const string EnvironmentPrefix = "STANDBY_AGENT_";

    public const string FileName = "appsettings.json";

    /// <summary>
    /// The sections the agent reads. Each is bound with unknown keys refused; a section of another
    /// name is a typo that would otherwise be ignored in silence.
    /// </summary>
    private static readonly string[] s_sections = [ReceiverOptions.SectionName, ReconnectOptions.SectionName, LogOptions.SectionName, MetricsOptions.SectionName];

    /// <exception cref="InvalidDataException">A settings file is missing or is not valid JSON, or a section is unknown; the message says which.</exception>
    public static ConfigurationManager Build(string? settingsFile, IReadOnlyList<string> commandLine)
    {
        var configuration = new ConfigurationManager();
        try
        {
            configuration.AddJsonFile(Path.Combine(AppContext.BaseDirectory, FileName), optional: true, reloadOnChange: false);
            if (settingsFile is not null)
            {
                configuration.AddJsonFile(Path.GetFullPath(settingsFile), optional: false, reloadOnChange: false);
            }
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            configuration.Dispose();
            throw new InvalidDataException($"cannot read the settings file: {ex.Message}", ex);
        }
        catch (InvalidDataException ex)
        {
            configuration.Dispose();
            throw new InvalidDataException($"{ex.Message} {ex.InnerException?.Message}".Trim(), ex);
        }

        configuration.AddEnvironmentVariables(EnvironmentPrefix);
        configuration.AddCommandLine([.. commandLine]);
        if (configuration.GetChildren().FirstOrDefault(IsUnknownSection) is { } unknown)
        {
            configuration.Dispose();
            throw new InvalidDataException(
                $"unknown settings section \"{unknown.Key}\" (in {unknown.GetChildren().First().Path}): the sections are {string.Join(", ", s_sections)}");
        }

        return configuration;
    }

    /// <summary>
    /// A top-level value with keys below it that no section takes. A top-level value without keys
    /// below it is no setting of the agent's: STANDBY_AGENT_LIBRDMACM, say, reaches here as LIBRDMACM.
    /// </summary>
    private static bool IsUnknownSection(IConfigurationSection section) =>
        section.GetChildren().Any() && !s_sections.Contains(section.Key, StringComparer.OrdinalIgnoreCase);
}
