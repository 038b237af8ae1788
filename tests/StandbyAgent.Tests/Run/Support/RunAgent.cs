using System.Globalization;
using StandbyAgent.Tests.Support;

namespace StandbyAgent.Tests.Run.Support;

/// <summary><c>standby-agent run</c> on a standby's data directory, as the tests start it.</summary>
internal static class RunAgent
{
    /// <summary>
    /// The agent gives up root for the data directory's owner, after which the runtime's
    /// diagnostics socket, made in /tmp as root, could not be removed at exit.
    /// </summary>
    private static readonly Dictionary<string, string?> s_environment = new() { ["DOTNET_EnableDiagnostics"] = "0" };

    /// <summary>Reconnects quickly, and serves no metrics: test classes run side by side and would fight over the port.</summary>
    public static AgentProcess Start(string dataDirectory, params string[] more) =>
        AgentProcess.Start(
            ["run", "--pgdata", dataDirectory, "--Metrics:Listen=", "--Reconnect:FirstDelay=00:00:00.200", "--Reconnect:MaxDelay=00:00:02", .. more],
            s_environment);

    /// <summary>Waits until the agent has completed a segment in <paramref name="pgWal"/>; its exit ends the wait with its log.</summary>
    public static Task WaitForCompletedSegmentAsync(this AgentProcess agent, string pgWal, TimeSpan timeout) =>
        Eventually.TrueAsync(
            () => !agent.HasExited
                ? CompletedSegments.In(pgWal).Count > 0
                : throw new InvalidOperationException(string.Create(CultureInfo.InvariantCulture, $"the agent exited before it completed a segment; its log:\n{agent.StandardError}")),
            timeout,
            () => $"no segment completed; agent log:\n{agent.StandardError}");
}
