using System.Text;

namespace StandbyAgent.LocalCluster;

/// <summary>The SQL that creates a local cluster's login roles.</summary>
internal static class RoleScript
{
    public static string Render(IEnumerable<ClusterUser> users)
    {
        var sql = new StringBuilder();
        foreach (ClusterUser user in users)
        {
            // Against a SCRAM verifier the server silently upgrades md5 authentication to SCRAM,
            // so an md5 user's password must be stored MD5-hashed for md5 to be what is tested.
            string encryption = user.Method == AuthMethod.Md5 ? "md5" : "scram-sha-256";
            sql.Append($"SET password_encryption = '{encryption}';\n");
            sql.Append($"CREATE ROLE {Identifier(user.Name)} LOGIN {(user.Replication ? "REPLICATION" : "NOREPLICATION")}");
            if (user.Password is not null)
            {
                sql.Append($" PASSWORD {Literal(user.Password)}");
            }

            sql.Append(";\n");
        }

        return sql.ToString();
    }

    private static string Identifier(string name) => "\"" + name.Replace("\"", "\"\"", StringComparison.Ordinal) + "\"";

    private static string Literal(string value) => "'" + value.Replace("'", "''", StringComparison.Ordinal) + "'";
}
