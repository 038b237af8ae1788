namespace StandbyAgent.LocalCluster;

/// <summary>
/// The OS account the server binaries run as. PostgreSQL refuses to run as root, so a root
/// process runs them as an unprivileged account through runuser; any other process runs them
/// as itself.
/// </summary>
internal sealed class ServerAccount
{
    /// <summary>Created by deploy/install-prerequisites.sh; a library has no business creating OS users.</summary>
    private const string UnprivilegedUser = "standby-pg";

    /// <summary>Null when the binaries run as this process's own user.</summary>
    private readonly string? _runAs;

    private ServerAccount(string? runAs)
    {
        _runAs = runAs;
    }

    public static ServerAccount ForCurrentProcess() => new(Environment.IsPrivilegedProcess ? UnprivilegedUser : null);

    public Command Wrap(Command command) =>
        _runAs is null
            ? command
            : command with { FileName = "runuser", Arguments = ["-u", _runAs, "--", command.FileName, .. command.Arguments] };

    /// <summary>Creates a directory (or fixes an existing one) that only this account may enter: what initdb and the server expect.</summary>
    public async Task CreatePrivateDirectoryAsync(string path, TimeSpan timeout, CancellationToken cancellationToken)
    {
        string[] owner = [];
        if (_runAs is not null)
        {
            ToolResult lookup = await ProcessRunner.RunAsync(new Command("id", ["-u", _runAs]), timeout, cancellationToken);
            if (!lookup.Succeeded)
            {
                throw new LocalClusterException(
                    $"The OS user \"{_runAs}\" does not exist. PostgreSQL refuses to run as root, so local clusters run as that user; "
                    + "create it by running deploy/install-prerequisites.sh as root.");
            }

            owner = ["-o", _runAs];
        }

        // Run as this process, since root must create it for the other account; install(1) sets mode and owner in one step.
        ToolResult install = await ProcessRunner.RunAsync(new Command("install", ["-d", "-m", "700", .. owner, path]), timeout, cancellationToken);
        if (!install.Succeeded)
        {
            throw new LocalClusterException($"Could not create the directory {path}: {install.StandardError.Trim()}");
        }
    }
}
