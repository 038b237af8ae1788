namespace StandbyAgent.Replication.Tests.Security;

/// <summary>How a connection attempt ended, as the server saw it: encrypted or not, or refused with a message.</summary>
internal sealed record ConnectionOutcome(bool Connected, bool Encrypted, string Error)
{
    public static ConnectionOutcome Ssl { get; } = new(true, true, string.Empty);

    public static ConnectionOutcome Plain { get; } = new(true, false, string.Empty);

    public static ConnectionOutcome Failed(string error) => new(false, false, error);

    /// <summary>"ssl", "plain" or "fail", the outcome column of libpq's 005_negotiate_encryption.pl.</summary>
    public string Kind => !Connected ? "fail" : Encrypted ? "ssl" : "plain";

    public override string ToString() => Connected ? Kind : $"fail: {Error}";
}
