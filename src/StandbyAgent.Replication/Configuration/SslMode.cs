namespace StandbyAgent.Replication.Configuration;

/// <summary>libpq's sslmode values, with libpq's meanings.</summary>
public enum SslMode
{
    Disable,
    Allow,
    Prefer,
    Require,
    VerifyCa,
    VerifyFull,
}
