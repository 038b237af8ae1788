namespace StandbyAgent.LocalCluster;

/// <summary>
/// TLS for a local cluster: the server's certificate and key, written into the data directory as
/// server.crt and server.key, and optionally the authorities whose client certificates it trusts
/// (root.crt), which pg_hba.conf's cert method needs.
/// </summary>
/// <param name="CertificatePem">The server certificate, followed by any intermediates, in PEM.</param>
/// <param name="PrivateKeyPem">Its unencrypted private key in PEM; written with mode 0600, as the server demands.</param>
/// <param name="ClientCaPem">Certificate authorities for client certificates; null when clients present none.</param>
public sealed record ServerTls(string CertificatePem, string PrivateKeyPem, string? ClientCaPem = null)
{
    internal const string CertificateFileName = "server.crt";

    internal const string KeyFileName = "server.key";

    internal const string ClientCaFileName = "root.crt";

    /// <summary>Shown instead of the key, which is a secret even in a throwaway cluster's logs.</summary>
    public override string ToString() => $"ServerTls {{ ClientCa = {ClientCaPem is not null} }}";
}
