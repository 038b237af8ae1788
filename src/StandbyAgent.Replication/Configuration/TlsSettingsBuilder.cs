namespace StandbyAgent.Replication.Configuration;

/// <summary>
/// Applies libpq's TLS defaults: each file not given is looked for under ~/.postgresql, and with no
/// home directory there is none.
/// </summary>
internal static class TlsSettingsBuilder
{
    /// <param name="valueOf">The value in effect for a keyword, already validated; null when none is.</param>
    /// <param name="homeDirectory">Where ~/.postgresql is; null when there is no home directory.</param>
    public static TlsSettings Build(Func<string, string?> valueOf, string? homeDirectory)
    {
        string? DefaultFile(string name) =>
            homeDirectory is null ? null : Path.Combine(homeDirectory, ConnectionDefaults.TlsDirectory, name);

        string? rootCertificate = NonEmpty(valueOf("sslrootcert"));
        string? crlFile = NonEmpty(valueOf("sslcrl"));
        string? crlDirectory = NonEmpty(valueOf("sslcrldir"));
        bool systemRoots = rootCertificate == ConnectionDefaults.SystemRootCertificates;
        return new TlsSettings
        {
            UseSystemRoots = systemRoots,
            RootCertificateFile = systemRoots ? null : rootCertificate ?? DefaultFile(ConnectionDefaults.RootCertificateFileName),
            CrlFile = crlFile ?? (crlDirectory is null ? DefaultFile(ConnectionDefaults.RootCrlFileName) : null),
            CrlDirectory = crlDirectory,
            CertificateFile = NonEmpty(valueOf("sslcert")) ?? DefaultFile(ConnectionDefaults.ClientCertificateFileName),
            KeyFile = NonEmpty(valueOf("sslkey")) ?? DefaultFile(ConnectionDefaults.ClientKeyFileName),
            SendClientCertificate = valueOf("sslcertmode") != "disable",
            Protocols = TlsProtocolRange.ToProtocols(valueOf("ssl_min_protocol_version"), valueOf("ssl_max_protocol_version")),
            ServerNameIndication = valueOf("sslsni") is not { } sni || sni.StartsWith('1'),
            DirectNegotiation = valueOf("sslnegotiation") == "direct",
        };
    }

    private static string? NonEmpty(string? value) => string.IsNullOrEmpty(value) ? null : value;
}
