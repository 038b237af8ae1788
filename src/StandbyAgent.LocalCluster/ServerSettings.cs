using System.Globalization;
using System.Text;

namespace StandbyAgent.LocalCluster;

/// <summary>The postgresql.conf settings of a local cluster: a baseline for replication tests, then the caller's.</summary>
internal static class ServerSettings
{
    public static string Render(LocalClusterOptions options, int port, string socketDirectory)
    {
        // PostgreSQL's setting names are case-insensitive, so a caller's "Fsync" must replace "fsync".
        var settings = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase)
        {
            ["listen_addresses"] = "127.0.0.1",
            ["port"] = port.ToString(CultureInfo.InvariantCulture),
            ["unix_socket_directories"] = socketDirectory,
            ["wal_level"] = "replica",
            ["max_wal_senders"] = "10",
            ["max_replication_slots"] = "10",

            // Keep no WAL beyond what checkpoints and slots need, so tests see the server recycle segments.
            ["wal_keep_size"] = "0",

            // Durability tests stop the server and check what reached disk.
            ["fsync"] = "on",

            // pg_ctl -l sends the whole log to one file, which failures quote from.
            ["logging_collector"] = "off",
            ["shared_buffers"] = "32MB",
            ["max_wal_size"] = "1GB",
        };
        if (options.Tls is { } tls)
        {
            settings["ssl"] = "on";
            settings["ssl_cert_file"] = ServerTls.CertificateFileName;
            settings["ssl_key_file"] = ServerTls.KeyFileName;
            if (tls.ClientCaPem is not null)
            {
                settings["ssl_ca_file"] = ServerTls.ClientCaFileName;
            }
        }

        foreach ((string name, string value) in options.Settings)
        {
            settings[name] = value;
        }

        var text = new StringBuilder("# Written by StandbyAgent.LocalCluster at every start; edits here are lost.\n");
        foreach ((string name, string value) in settings)
        {
            text.Append(name).Append(" = '").Append(value.Replace("'", "''", StringComparison.Ordinal)).Append("'\n");
        }

        return text.ToString();
    }
}
