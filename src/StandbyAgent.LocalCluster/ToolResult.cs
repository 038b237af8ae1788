namespace StandbyAgent.LocalCluster;

/// <summary>How a finished process ended and what it printed.</summary>
public sealed record ToolResult(int ExitCode, string StandardOutput, string StandardError)
{
    public bool Succeeded => ExitCode == 0;
}
