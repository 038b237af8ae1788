using FsCheck;
using FsCheck.Fluent;
using StandbyAgent.Replication.Configuration;
using StandbyAgent.Replication.Tests.Configuration;
using StandbyAgent.Testing.Fuzzing;
using Xunit;

namespace StandbyAgent.Replication.Tests.Fuzzing;

/// <summary>
/// Connection strings (primary_conninfo, -d) in both of libpq's forms: split into pairs or refused
/// with a <see cref="ConnectionSettingsException"/>, and then resolved into settings or refused the same way.
/// </summary>
public sealed class ConnInfoFuzzTests
{
    private const string KeywordValueGrammar = "= '\\\"\t\n\v\f\rhostpruewd0123456789,.:/-_";

    private const string UriGrammar = "%@:/?&=[],.-_'\\ hostpruewd0123456789ABCDEFabcdef";

    /// <summary>Values each keyword's own rules accept, and near misses, so that whole strings get past the parser into those rules.</summary>
    private static readonly Dictionary<string, string[]> s_values = new()
    {
        ["host"] = ["db1", "db1,db2", ",", "/var/run/postgresql", "", "a b"],
        ["hostaddr"] = ["127.0.0.1", "::1", "127.0.0.1,::1", "fe80::1%eth0", "256.0.0.1", "db1"],
        ["port"] = ["5432", "5432,5433", " 10 ", "0", "-1", "65536", "2147483648", "+5432", "0x10"],
        ["connect_timeout"] = ["10", "1", "0", "-5", " 7 ", "2147483647", "2147483648", "1.5"],
        ["keepalives"] = ["1", "0", "x"],
        ["sslmode"] = ["disable", "allow", "prefer", "require", "verify-ca", "verify-full", "Require"],
        ["sslnegotiation"] = ["postgres", "direct"],
        ["sslrootcert"] = ["system", "/nonexistent/root.crt"],
        ["ssl_min_protocol_version"] = ["TLSv1", "TLSv1.2", "tlsv1.3", "TLSv9", ""],
        ["ssl_max_protocol_version"] = ["TLSv1.1", "TLSv1.3", "TLSv1.0", ""],
        ["require_auth"] = ["scram-sha-256", "md5,password", "!md5,!password", "md5,!md5", "none", "none,none", "!none", "gss,sspi", ""],
        ["channel_binding"] = ["disable", "prefer", "require"],
        ["replication"] = ["true", "on", "1", "yes", "database", "off", "o", ""],
        ["with_rsocket"] = ["true", "false", "of", "maybe"],
        ["target_session_attrs"] = ["any", "read-write", "primary", "standby", "read-only"],
        ["application_name"] = ["standby", "", "naïve", "tab\there", new('a', 64)],
        ["requiressl"] = ["1", "0"],
    };

    /// <summary>Values for any keyword, among them quotes and backslashes that end a string too early.</summary>
    private static readonly string[] s_anyValues = ["", "s3cret", "it's", "a b", "\\", "'", "'x\\", "1", "on"];

    private static readonly Gen<string> s_keywords = Gen.Frequency(
        (20, Gen.Elements([.. ConnInfoKeywords.All.Select(keyword => keyword.Name), .. s_values.Keys])),
        (1, TextGen.Text("hostpruewd_=")));

    private static readonly Gen<string> s_spaces = Gen.Elements("", "", "", " ", "  ", "\t", "\n", "\v\f\r");

    private static readonly Gen<string> s_keywordValueStrings = TextGen.Around(
        TextGen.Joined(
            from keyword in s_keywords
            from before in s_spaces
            from after in s_spaces
            from value in Gen.Frequency((8, Gen.Elements(s_values.GetValueOrDefault(keyword, s_anyValues))), (2, Gen.Elements(s_anyValues)), (1, TextGen.Text(KeywordValueGrammar)))
            from quoted in Gen.Frequency((2, Gen.Constant(false)), (1, Gen.Constant(true)))
            select $"{keyword}{before}={after}{(quoted ? Quoted(value) : value)}",
            Gen.Elements(" ", "  ", "\t", "\n"),
            most: 4),
        KeywordValueGrammar);

    private static readonly Gen<string> s_uris = TextGen.Around(
        TextGen.Concat(
            Gen.Elements("postgresql://", "postgres://"),
            Gen.Elements("", "replicator@", "replicator:s3cret@", "rep%40lica:pa%3Ass@", "@", ":@", "%C3%A9@"),
            TextGen.Joined(
                TextGen.Concat(
                    Gen.Elements("", "db1", "[::1]", "[fe80::1%25eth0]", "[]", "[::1", "127.0.0.1", "%64b1", "db%2C1"),
                    Gen.Elements("", ":5432", ":", ":65536", ":x", ":54%33")),
                Gen.Constant(","),
                most: 3),
            Gen.Elements("", "/", "/replication", "/db%00", "/%ZZ", "/%C3", "/%C3%A9", "/%4", "/%", "/a/b"),
            Gen.Elements("", "?", "?sslmode=require", "?ssl=true", "?application_name=standby&connect_timeout=10", "?a=b=c", "?x", "?&", "?port=5433&host=db2", "?password=%ZZ")),
        UriGrammar);

    [Fact]
    public void Any_keyword_value_string_is_split_into_known_keywords_or_refused_with_a_settings_error()
    {
        Fuzz.Check(Prop.ForAll(TextGen.Arbitrary(s_keywordValueStrings), text => AssertSplitOrRefused(text)));
    }

    [Fact]
    public void Any_uri_is_split_into_known_keywords_or_refused_with_a_settings_error()
    {
        Fuzz.Check(Prop.ForAll(TextGen.Arbitrary(s_uris), text => AssertSplitOrRefused(text)));
    }

    [Fact]
    public void Any_connection_string_resolves_to_settings_or_is_refused_with_a_settings_error()
    {
        // No home directory, no service file and a password file that does not exist: the
        // property runs on the string alone, and never reads a file a generated path names.
        var environment = new FakeConnectionEnvironment { HomeDirectory = null };
        environment.Variables["PGSYSCONFDIR"] = "/nonexistent/standby-agent-fuzzing";
        var resolver = new ConnectionSettingsResolver(environment, new RecordingLogger());
        var overrides = new Dictionary<string, string?> { ["passfile"] = "/nonexistent/standby-agent-fuzzing/.pgpass" };

        Fuzz.Check(Prop.ForAll(TextGen.Arbitrary(Gen.OneOf(s_keywordValueStrings, s_uris)), text =>
        {
            try
            {
                using ConnectionSettings settings = resolver.Resolve(text, overrides);
                Assert.NotEmpty(settings.Endpoints);
            }
            catch (ConnectionSettingsException)
            {
            }
        }));
    }

    /// <summary>libpq's quoting: only \\ and \' are escapes inside single quotes.</summary>
    private static string Quoted(string value) =>
        $"'{value.Replace("\\", "\\\\", StringComparison.Ordinal).Replace("'", "\\'", StringComparison.Ordinal)}'";

    private static void AssertSplitOrRefused(string text)
    {
        try
        {
            Assert.All(ConnInfoParser.Parse(text), pair => Assert.NotNull(ConnInfoKeywords.Find(pair.Keyword)));
        }
        catch (ConnectionSettingsException)
        {
        }
    }
}
