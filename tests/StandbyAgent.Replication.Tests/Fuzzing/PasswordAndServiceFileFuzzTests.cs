using FsCheck;
using FsCheck.Fluent;
using StandbyAgent.Protocol.Authentication;
using StandbyAgent.Replication.Configuration;
using StandbyAgent.Testing.Fuzzing;
using Xunit;

namespace StandbyAgent.Replication.Tests.Fuzzing;

/// <summary>
/// .pgpass and pg_service.conf as anyone who can write them may leave them: the password file is
/// searched without ever throwing (libpq skips what it cannot use), the service file is read or
/// refused with a <see cref="ConnectionSettingsException"/> naming the line.
/// </summary>
public sealed class PasswordAndServiceFileFuzzTests
{
    private const string PassfileGrammar = ":\\*#\r\n db15432replicatorpw";

    private const string ServiceFileGrammar = "[]=#\t\r\n hostprimaryservice5432";

    private const string ServiceFile = "/etc/postgresql-common/pg_service.conf";

    private static readonly string[] s_hosts = ["db1", "fe80::1", ConnectionDefaults.SocketDirectory, "localhost", ""];

    [Fact]
    public void Any_password_file_is_searched_without_throwing()
    {
        Gen<string> field = Gen.OneOf(Gen.Elements([.. s_hosts, "*", "5432", "replication", "replicator", "fe80\\:\\:1", "\\", "pw\\:x"]), TextGen.Text(PassfileGrammar));
        Gen<string> content = TextGen.Around(
            TextGen.Joined(
                Gen.Frequency(
                    (6, TextGen.Joined(field, Gen.Constant(":"), most: 6)),
                    (1, Gen.Elements("#db1:5432:replication:replicator:commented", "", "\r"))),
                Gen.Elements("\n", "\r\n"),
                most: 5),
            PassfileGrammar);

        Fuzz.Check(Prop.ForAll(TextGen.Arbitrary(content), Arb.From(Gen.Elements(s_hosts)), (text, host) =>
        {
            using Password? password = PassfileParser.FindPassword(text, host, 5432, ConnectionDefaults.Database, "replicator");
        }));
    }

    [Fact]
    public void Any_service_file_is_read_or_refused_with_a_settings_error_naming_the_line()
    {
        Gen<string> line = Gen.Frequency(
            (6, Gen.Elements("[primary]", "[other]", "[primary", "[]", "host=db1", "port=5432", "user=", "=x", "host", "service=other", "  host=db1  ", "host = db1", "#[primary]", "")),
            (1, TextGen.Text(ServiceFileGrammar)));
        Gen<string[]> files = Gen.Choose(0, 10).SelectMany(count => Gen.ArrayOf(line, count));

        Fuzz.Check(Prop.ForAll(Arb.From(files, Shrink.Shorter), lines =>
        {
            try
            {
                if (ServiceFileParser.FindSection(lines, "primary", ServiceFile) is { } section)
                {
                    Assert.All(section, pair => Assert.NotNull(ConnInfoKeywords.Find(pair.Keyword)));
                    Assert.Equal(section.Count, section.Select(pair => pair.Keyword).Distinct().Count());
                }
            }
            catch (ConnectionSettingsException refusal)
            {
                Assert.Contains($"\"{ServiceFile}\", line ", refusal.Message, StringComparison.Ordinal);
            }
        }));
    }
}
