namespace StandbyAgent.Replication.Configuration;

/// <summary>
/// Finds a service as libpq does: in PGSERVICEFILE (which must exist) or else ~/.pg_service.conf (if
/// it exists), then in PGSYSCONFDIR/pg_service.conf. The first file holding the section wins whole;
/// sections are not merged across files.
/// </summary>
internal static class ServiceFileLookup
{
    public static ServiceDefinition Find(string service, IConnectionEnvironment environment)
    {
        if (UserServiceFile(environment) is { } userFile && Read(userFile, service) is { } fromUserFile)
        {
            return fromUserFile;
        }

        string systemFile = Path.Combine(
            environment.GetVariable("PGSYSCONFDIR") ?? ConnectionDefaults.SystemConfigDirectory,
            ConnectionDefaults.SystemServiceFileName);
        if (File.Exists(systemFile) && Read(systemFile, service) is { } fromSystemFile)
        {
            return fromSystemFile;
        }

        throw new ConnectionSettingsException($"definition of service \"{service}\" not found");
    }

    private static string? UserServiceFile(IConnectionEnvironment environment)
    {
        if (environment.GetVariable("PGSERVICEFILE") is { } named)
        {
            return named;
        }

        if (environment.HomeDirectory is null)
        {
            return null;
        }

        string inHome = Path.Combine(environment.HomeDirectory, ConnectionDefaults.UserServiceFileName);
        return File.Exists(inHome) ? inHome : null;
    }

    private static ServiceDefinition? Read(string path, string service)
    {
        string[] lines;
        try
        {
            lines = File.ReadAllLines(path);
        }
        catch (Exception exception) when (exception is FileNotFoundException or DirectoryNotFoundException)
        {
            throw new ConnectionSettingsException($"service file \"{path}\" not found", exception);
        }
        catch (Exception exception) when (exception is IOException or UnauthorizedAccessException)
        {
            throw new ConnectionSettingsException($"could not read service file \"{path}\": {exception.Message}", exception);
        }

        return ServiceFileParser.FindSection(lines, service, path) is { } parameters ? new ServiceDefinition(path, parameters) : null;
    }
}
