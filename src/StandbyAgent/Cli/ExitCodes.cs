namespace StandbyAgent.Cli;

/// <summary>Process exit codes, as pg_receivewal uses them.</summary>
internal static class ExitCodes
{
    /// <summary>Stopped at the end position, or on request.</summary>
    public const int Success = 0;

    /// <summary>An error: the message on stderr says what went wrong.</summary>
    public const int Failure = 1;
}
