using System.Text;

namespace StandbyAgent.LocalCluster;

/// <summary>
/// The pg_hba.conf of a local cluster: each user may connect to every database, and to
/// replication when it has REPLICATION, over the socket and loopback, with its own method.
/// Nobody else may connect.
/// </summary>
internal static class HostBasedAuthentication
{
    private static readonly string[] s_loopbackAddresses = ["127.0.0.1/32", "::1/128"];

    public static string Render(LocalClusterOptions options)
    {
        var text = new StringBuilder("# Written by StandbyAgent.LocalCluster at every start; edits here are lost.\n");
        AppendRules(text, options.SuperUser, AuthMethod.Trust, replication: true, HostConnectionType.Host);
        foreach (ClusterUser user in options.Users)
        {
            AppendRules(text, user.Name, user.Method, user.Replication, user.Connection);
        }

        return text.ToString();
    }

    private static void AppendRules(StringBuilder text, string user, AuthMethod method, bool replication, HostConnectionType connection)
    {
        // Quoted, a name is only a name: a user called "all" would otherwise match everyone.
        string quotedUser = "\"" + user.Replace("\"", "\"\"", StringComparison.Ordinal) + "\"";
        string keyword = Keyword(method);
        string[] databases = replication ? ["all", "replication"] : ["all"];
        foreach (string database in databases)
        {
            // A Unix socket never carries TLS, and the cert method needs it.
            if (method != AuthMethod.Certificate)
            {
                text.Append($"local {database} {quotedUser} {keyword}\n");
            }

            foreach (string address in s_loopbackAddresses)
            {
                text.Append($"{HostKeyword(connection)} {database} {quotedUser} {address} {keyword}\n");
            }
        }
    }

    private static string Keyword(AuthMethod method) => method switch
    {
        AuthMethod.Trust => "trust",
        AuthMethod.Password => "password",
        AuthMethod.Md5 => "md5",
        AuthMethod.ScramSha256 => "scram-sha-256",
        AuthMethod.Certificate => "cert",
        _ => throw new ArgumentOutOfRangeException(nameof(method), method, null),
    };

    private static string HostKeyword(HostConnectionType connection) => connection switch
    {
        HostConnectionType.Host => "host",
        HostConnectionType.HostSsl => "hostssl",
        HostConnectionType.HostNoSsl => "hostnossl",
        _ => throw new ArgumentOutOfRangeException(nameof(connection), connection, null),
    };
}
