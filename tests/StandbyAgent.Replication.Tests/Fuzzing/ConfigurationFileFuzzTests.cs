using System.Text;
using FsCheck;
using FsCheck.Fluent;
using StandbyAgent.Replication.ServerConfiguration;
using StandbyAgent.Testing.Fuzzing;
using Xunit;

namespace StandbyAgent.Replication.Tests.Fuzzing;

/// <summary>
/// recovery.conf, postgresql.conf and backup_label as they may be found in a data directory: read,
/// or refused with a <see cref="ServerConfigurationException"/> that names the file and a line in it.
/// </summary>
public sealed class ConfigurationFileFuzzTests
{
    private const string File = "/data/recovery.conf";

    private const string Grammar = "abc_.=#'\\\"0123456789xeE+-:/ \t\r\n";

    private const string BackupLabelFile = "/data/backup_label";


    /// <summary>The settings the agent reads, with values valid and not.</summary>
    private static readonly string[] s_settings =
    [
        "standby_mode = 'on'", "standby_mode = of", "standby_mode = o", "primary_conninfo = 'host=primary user=replicator password=''s3cret'''",
        "primary_conninfo = ''", "primary_conninfo 'host=primary'", "primary_slot_name = 'standby_1'", "primary_slot_name = 'Standby-1'",
        "primary_slot_name = ''", "recovery_target_timeline = 'latest'", "recovery_target_timeline = 4294967296", "recovery_target_timeline current",
        "recovery_target_timeline = 0", "recovery_target_lsn = '0/3000000'", "recovery_target_lsn = '0/'", "restore_command = 'cp /archive/%f %p'",
    ];

    /// <summary>Lines of every other shape the scanner knows, and some it does not.</summary>
    private static readonly string[] s_otherLines =
    [
        "cluster_name = 'main'", "PRIMARY_CONNINFO = 'host=other'", "include = 'other.conf'", "x = 0x1F", "x = -1.5e3", "x = 5min",
        "log_directory = pg_log/2026-11:a.b", @"x = 'a\'b'", @"x = '\101\777'", @"x = 'a\7'", @"x = '\12'", @"x = 'a\'",
        "x = 'unterminated", "x.y = 1", "x =", "= 1", "# comment", "",
    ];

    [Fact]
    public void Any_configuration_file_is_read_and_interpreted_or_refused_naming_the_file_and_line()
    {
        Gen<string> line = Gen.Frequency((6, Gen.Elements(s_settings)), (2, Gen.Elements(s_otherLines)), (1, TextGen.Text(Grammar)));
        Gen<string> file = TextGen.Concat(
            Gen.Elements("primary_conninfo = 'host=primary'\n", ""),
            TextGen.Joined(line, Gen.Elements("\n", "\r\n"), most: 6));
        Gen<string> text = TextGen.Around(file, Grammar);
        Gen<byte[]> contents = Gen.OneOf(text.Select(Encoding.UTF8.GetBytes), text.Select(Encoding.Latin1.GetBytes));

        Fuzz.Check(Prop.ForAll(Arb.From(contents, Shrink.Shorter), content =>
        {
            int lastLine = content.Count(b => b == '\n') + 1;
            IReadOnlyList<ConfigurationLine> lines = [];
            ReadOrRefused(() => lines = ConfigurationFileParser.Parse(content, File), lastLine);
            ReadOrRefused(() => StandbySettingsInterpreter.Interpret(lines, ConfigurationDialect.RecoveryConf, [File]), lastLine);
            ReadOrRefused(() => StandbySettingsInterpreter.Interpret(lines, ConfigurationDialect.PostgresqlConf, [File]), lastLine);
        }));
    }

    [Fact]
    public void Any_backup_label_is_read_or_refused_with_a_configuration_error()
    {
        Gen<string> valid =
            from location in Gen.Elements("0/2000028", "0/0", "FFFFFFFF/FFFFFFFF", "100000000/0", "0/", "g/1")
            from file in Gen.Elements("000000030000000000000002", "000000000000000000000002", "FFFFFFFF0000000000000002", "00000003000000000000000g", "0000000300000000000002")
            from timeline in Gen.Elements("START TIMELINE: 3\n", "START TIMELINE: 0\n", "START TIMELINE: 4294967296\n", "START TIMELINE: -1\n", "START TIMELINE: 3\r\n", "")
            select $"START WAL LOCATION: {location} (file {file})\nCHECKPOINT LOCATION: 0/2000060\nBACKUP METHOD: streamed\n"
                + $"BACKUP FROM: primary\nSTART TIME: 2026-11-21 00:27:56 UTC\nLABEL: base\n{timeline}";
        Gen<string> labels = TextGen.Around(valid, "STARTWALOCINFEM: /()0123456789ABCDEF\r\n");

        Fuzz.Check(Prop.ForAll(TextGen.Arbitrary(labels), text =>
        {
            try
            {
                Assert.NotEqual(0u, BackupLabel.Parse(text, BackupLabelFile).StartTimeline);
            }
            catch (ServerConfigurationException)
            {
            }
        }));
    }

    private static void ReadOrRefused(Action read, int lastLine)
    {
        try
        {
            read();
        }
        catch (ServerConfigurationException refusal) when (refusal.Location is { } location)
        {
            Assert.Equal(File, location.File);
            Assert.InRange(location.Line, 1, lastLine);
        }
        catch (ServerConfigurationException missing)
        {
            // Only a setting missing from every line has no line to name.
            Assert.Contains("primary_conninfo is not set", missing.Message, StringComparison.Ordinal);
        }
    }
}
