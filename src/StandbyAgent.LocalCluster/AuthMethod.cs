namespace StandbyAgent.LocalCluster;

/// <summary>How a cluster user authenticates (its pg_hba.conf method).</summary>
public enum AuthMethod
{
    Trust,

    /// <summary>The password is sent in clear text.</summary>
    Password,

    /// <summary>MD5 challenge; the role's password is stored MD5-hashed so the server really uses MD5.</summary>
    Md5,

    ScramSha256,

    /// <summary>A client certificate whose common name is the user name; only over TLS, no password.</summary>
    Certificate,
}
