namespace StandbyAgent.LocalCluster;

/// <summary>A process to run: what, with which arguments, environment, directory and input.</summary>
internal sealed record Command(string FileName, IReadOnlyList<string> Arguments)
{
    /// <summary>Variables added to this process's environment.</summary>
    public IReadOnlyDictionary<string, string>? Environment { get; init; }

    public string? WorkingDirectory { get; init; }

    /// <summary>Written to the process's standard input, which is then closed; kept off the command line (and out of logs) for secrets.</summary>
    public string? StandardInput { get; init; }

    public override string ToString() => string.Join(' ', [FileName, .. Arguments]);
}
