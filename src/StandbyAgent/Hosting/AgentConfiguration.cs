using Microsoft.Extensions.Configuration;

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

    /// <exception cref="InvalidDataException">A settings file is missing or is not valid JSON; the message says which.</exception>
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
        return configuration;
    }
}
