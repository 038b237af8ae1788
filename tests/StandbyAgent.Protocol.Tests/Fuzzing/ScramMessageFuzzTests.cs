using System.Text;
using FsCheck;
using FsCheck.Fluent;
using StandbyAgent.Protocol.Authentication;
using StandbyAgent.Testing.Fuzzing;

namespace StandbyAgent.Protocol.Tests.Fuzzing;

/// <summary>
/// The SCRAM messages the server sends (RFC 5802 section 7): read, or refused as an authentication
/// error, never anything else, and never with an iteration count past the cap.
/// </summary>
public sealed class ScramMessageFuzzTests
{
    private const string ClientNonce = "rOprNGfwEbeRWgbNEkqO";

    /// <summary>The attribute syntax, and the base64 and digits the values are made of.</summary>
    private const string Grammar = "rsiemv=,+/0123456789AZaz%";

    private static readonly byte[] s_serverFirst = Encoding.ASCII.GetBytes($"r={ClientNonce}%hvYDpWUa2RaTCAfuxFIlj)hNlF$k0,s=W22ZaJ0SNY7soEsUEjb6gQ==,i=4096");

    private static readonly byte[] s_serverFinal = "v=6rriTRBi23WpRR/wtup+mMhUZUn/dB5nLTJRsjl95G4="u8.ToArray();

    [Fact]
    public void Any_server_first_message_is_read_or_refused_as_an_authentication_error()
    {
        // Every attribute valid but one, most of the time, so that each check is reached on its own.
        Gen<string> attributes =
            from serverNonce in MostlyFirst("%hvYDpWUa2RaTCAfuxFIlj)hNlF$k0", "", "a b", "\u007F", "é")
            from salt in MostlyFirst("W22ZaJ0SNY7soEsUEjb6gQ==", "QQ", "", "=", "====", "W22Z aJ0S", "####")
            from iterations in Gen.Elements("4096", "1", "0", "01", "+1", "-1", " 4096", "4096 ", "10000000", "10000001", "2147483648", "99999999999999999999", "")
            from extension in MostlyFirst("", ",m=x", ",x=y", ",", ",i=1")
            select $"r={ClientNonce}{serverNonce},s={salt},i={iterations}{extension}";
        Gen<byte[]> messages = Gen.Frequency(
            (2, WireGen.Around(s_serverFirst)),
            (2, attributes.Select(Encoding.UTF8.GetBytes)),
            (1, WireGen.Text(Grammar).Select(text => Encoding.UTF8.GetBytes($"r={ClientNonce}{text}"))));

        Fuzz.Check(Prop.ForAll(WireGen.Arbitrary(messages), input =>
        {
            try
            {
                var message = ScramServerFirstMessage.Parse(input.Bytes, Encoding.ASCII.GetBytes(ClientNonce));
                Assert.InRange(message.IterationCount, 1, ScramServerFirstMessage.MaxIterationCount);
                Assert.NotEmpty(message.Salt);
                Assert.StartsWith(ClientNonce, Encoding.ASCII.GetString(message.Nonce), StringComparison.Ordinal);
            }
            catch (PostgresAuthenticationException)
            {
            }
        }));
    }

    private static Gen<string> MostlyFirst(params string[] values) =>
        Gen.Frequency((3, Gen.Constant(values[0])), (1, Gen.Elements(values)));

    [Fact]
    public void Any_server_final_message_is_read_or_refused_as_an_authentication_error()
    {
        Gen<byte[]> messages = Gen.OneOf(
            WireGen.Around(s_serverFinal),
            WireGen.Text(Grammar).Select(text => Encoding.UTF8.GetBytes(text)));

        Fuzz.Check(Prop.ForAll(WireGen.Arbitrary(messages), input =>
        {
            try
            {
                ScramServerFinalMessage.ReadServerSignature(input.Bytes, stackalloc byte[ScramSha256Proofs.Length]);
            }
            catch (PostgresAuthenticationException)
            {
            }
        }));
    }
}
