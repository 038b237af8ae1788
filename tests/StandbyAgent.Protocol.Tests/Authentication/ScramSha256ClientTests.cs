using System.Text;
using StandbyAgent.Protocol.Authentication;

namespace StandbyAgent.Protocol.Tests.Authentication;

public sealed class ScramSha256ClientTests
{
    // The SCRAM-SHA-256 test vector of RFC 7677 section 3.
    private const string User = "user";
    private const string Secret = "pencil";
    private const string ClientNonce = "rOprNGfwEbeRWgbNEkqO";
    private const string ServerNonce = ClientNonce + "%hvYDpWUa2RaTCAfuxFIlj)hNlF$k0";
    private const string Salt = "W22ZaJ0SNY7soEsUEjb6gQ==";
    private const string ServerFirst = $"r={ServerNonce},s={Salt},i=4096";
    private const string ClientFinal = $"c=biws,r={ServerNonce},p=dHzbZapWIk4jUhN+Ute9ytag9zjfMHgsqmmiz7AndVQ=";
    private const string ServerFinal = "v=6rriTRBi23WpRR/wtup+mMhUZUn/dB5nLTJRsjl95G4=";

    [Fact]
    public void Rfc7677_test_vector_client_first_message()
    {
        var client = new ScramSha256Client(new Password(Secret), ScramChannelBinding.None, User, ClientNonce);

        Assert.Equal($"n,,n={User},r={ClientNonce}", Ascii(client.CreateClientFirstMessage()));
    }

    [Fact]
    public void Rfc7677_test_vector_client_final_message()
    {
        ScramSha256Client client = StartVectorExchange();

        Assert.Equal(ClientFinal, Ascii(client.CreateClientFinalMessage(Bytes(ServerFirst))));
    }

    [Fact]
    public void Rfc7677_test_vector_server_signature_is_accepted()
    {
        ScramSha256Client client = StartVectorExchange();
        client.CreateClientFinalMessage(Bytes(ServerFirst));

        client.VerifyServerFinalMessage(Bytes(ServerFinal));
    }

    [Fact]
    public void Password_is_prepared_with_SASLprep_before_hashing()
    {
        ScramSha256Client client = StartVectorExchange("pen\u00ADcil");

        Assert.Equal(ClientFinal, Ascii(client.CreateClientFinalMessage(Bytes(ServerFirst))));
    }

    [Fact]
    public void Client_first_message_has_an_empty_user_name_and_a_random_nonce_of_18_bytes()
    {
        string first = Ascii(new ScramSha256Client(new Password(Secret), ScramChannelBinding.None).CreateClientFirstMessage());
        string second = Ascii(new ScramSha256Client(new Password(Secret), ScramChannelBinding.None).CreateClientFirstMessage());

        Assert.StartsWith("n,,n=,r=", first, StringComparison.Ordinal);
        string nonce = first["n,,n=,r=".Length..];
        Assert.Equal(18, Convert.FromBase64String(nonce).Length);
        Assert.DoesNotContain(',', nonce);
        Assert.NotEqual(first, second);
    }

    [Fact]
    public void User_name_with_comma_and_equals_sign_is_escaped()
    {
        var client = new ScramSha256Client(new Password(Secret), ScramChannelBinding.None, "a=b,c", ClientNonce);

        Assert.Equal($"n,,n=a=3Db=2Cc,r={ClientNonce}", Ascii(client.CreateClientFirstMessage()));
    }

    [Theory]
    [InlineData($"r=XXXX{ServerNonce},s={Salt},i=4096", "invalid SCRAM response (nonce mismatch)")]
    [InlineData($"r={ClientNonce},s={Salt},i=4096", "invalid SCRAM response (nonce mismatch)")]
    [InlineData($"r=rOprNGfwEbeRWgbNEk,s={Salt},i=4096", "invalid SCRAM response (nonce mismatch)")]
    [InlineData($"r={ClientNonce}ab\u007Fcd,s={Salt},i=4096", "(server nonce contains a character that is not printable ASCII)")]
    [InlineData($"r={ServerNonce},s=W22ZaJ0SNY7soEsUEjb6gQ,i=4096", "malformed SCRAM message (invalid salt)")]
    [InlineData($"r={ServerNonce},s=W22Z aJ0SNY7soEsUEjb6gQ==,i=4096", "malformed SCRAM message (invalid salt)")]
    [InlineData($"r={ServerNonce},s=W22ZaJ0SNY7s*EsUEjb6gQ==,i=4096", "malformed SCRAM message (invalid salt)")]
    [InlineData($"r={ServerNonce},s=,i=4096", "malformed SCRAM message (invalid salt)")]
    [InlineData($"r={ServerNonce},s={Salt},i=0", "malformed SCRAM message (invalid iteration count)")]
    [InlineData($"r={ServerNonce},s={Salt},i=-4096", "malformed SCRAM message (invalid iteration count)")]
    [InlineData($"r={ServerNonce},s={Salt},i=+4096", "malformed SCRAM message (invalid iteration count)")]
    [InlineData($"r={ServerNonce},s={Salt},i=04096", "malformed SCRAM message (invalid iteration count)")]
    [InlineData($"r={ServerNonce},s={Salt},i=4096x", "malformed SCRAM message (invalid iteration count)")]
    [InlineData($"r={ServerNonce},s={Salt},i= 4096", "malformed SCRAM message (invalid iteration count)")]
    [InlineData($"r={ServerNonce},s={Salt},i=", "malformed SCRAM message (invalid iteration count)")]
    [InlineData($"r={ServerNonce},s={Salt},i=10000001", "more SCRAM iterations than this client allows (10000000)")]
    [InlineData($"r={ServerNonce},s={Salt},i=99999999999999999999999999", "more SCRAM iterations than this client allows (10000000)")]
    [InlineData($"r={ServerNonce},i=4096", "malformed SCRAM message (attribute \"s\" expected)")]
    [InlineData($"r={ServerNonce},s={Salt}", "malformed SCRAM message (attribute \"i\" expected)")]
    [InlineData($"s={Salt},r={ServerNonce},i=4096", "malformed SCRAM message (attribute \"r\" expected)")]
    [InlineData($"r:{ServerNonce},s={Salt},i=4096", "malformed SCRAM message (expected character \"=\" for attribute \"r\")")]
    [InlineData("", "malformed SCRAM message (attribute \"r\" expected)")]
    [InlineData($"m=channel-magic,r={ServerNonce},s={Salt},i=4096", "requires a SCRAM extension (attribute \"m\")")]
    [InlineData($"{ServerFirst},x=extension", "malformed SCRAM message (garbage at end of server-first-message)")]
    [InlineData($"{ServerFirst},", "malformed SCRAM message (garbage at end of server-first-message)")]
    public void Malformed_or_hostile_server_first_message_is_rejected(string serverFirst, string expectedMessage)
    {
        ScramSha256Client client = StartVectorExchange();

        var exception = Assert.Throws<PostgresAuthenticationException>(() => client.CreateClientFinalMessage(Bytes(serverFirst)));

        Assert.Contains(expectedMessage, exception.Message, StringComparison.Ordinal);
        Assert.DoesNotContain(Secret, exception.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Iteration_count_at_the_cap_is_accepted()
    {
        var message = ScramServerFirstMessage.Parse(
            Bytes($"r={ServerNonce},s={Salt},i={ScramServerFirstMessage.MaxIterationCount}"), Bytes(ClientNonce));

        Assert.Equal(10_000_000, message.IterationCount);
    }

    [Theory]
    [InlineData("v=AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA=", "incorrect server signature")]
    [InlineData("v=6rriTRBi23WpRR/wtup+mMhUZUn/dB5nLTJRsjl95G4", "malformed SCRAM message (invalid server signature)")]
    [InlineData("v=6rriTRBi23WpRR/wtup+mMhUZUn/dB5nLTJRsjl9", "malformed SCRAM message (invalid server signature)")]
    [InlineData("v=6rriTRBi23WpRR/wtup+mMhUZUn/dB5nLTJRsjl95G4A6rri", "malformed SCRAM message (invalid server signature)")]
    [InlineData("v=6rriTRBi23WpRR/wtup+mMhUZUn/dB5n LTJRsjl95G4=", "malformed SCRAM message (invalid server signature)")]
    [InlineData("v=", "malformed SCRAM message (invalid server signature)")]
    [InlineData($"{ServerFinal},x=extension", "malformed SCRAM message (garbage at end of server-final-message)")]
    [InlineData($"{ServerFinal},", "malformed SCRAM message (garbage at end of server-final-message)")]
    [InlineData("x=6rriTRBi23WpRR/wtup+mMhUZUn/dB5nLTJRsjl95G4=", "malformed SCRAM message (attribute \"v\" expected)")]
    [InlineData("", "malformed SCRAM message (attribute \"v\" expected)")]
    [InlineData("e=invalid-proof", "error received from server in SCRAM exchange: invalid-proof")]
    [InlineData("e=other-error,x=extension", "error received from server in SCRAM exchange: other-error")]
    [InlineData("e=bad\u0007\r\nvalue", "error received from server in SCRAM exchange: bad???value")]
    public void Wrong_or_malformed_server_final_message_is_rejected(string serverFinal, string expectedMessage)
    {
        ScramSha256Client client = StartVectorExchange();
        client.CreateClientFinalMessage(Bytes(ServerFirst));

        var exception = Assert.Throws<PostgresAuthenticationException>(() => client.VerifyServerFinalMessage(Bytes(serverFinal)));

        Assert.Contains(expectedMessage, exception.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Server_error_value_that_is_very_long_is_cut()
    {
        ScramSha256Client client = StartVectorExchange();
        client.CreateClientFinalMessage(Bytes(ServerFirst));

        var exception = Assert.Throws<PostgresAuthenticationException>(
            () => client.VerifyServerFinalMessage(Bytes("e=" + new string('x', 100_000))));

        Assert.EndsWith("xxx...", exception.Message, StringComparison.Ordinal);
        Assert.True(exception.Message.Length < 4096, $"message of {exception.Message.Length} characters");
    }

    [Fact]
    public void Server_signature_computed_from_another_password_is_rejected()
    {
        ScramSha256Client client = StartVectorExchange("pencil2");
        client.CreateClientFinalMessage(Bytes(ServerFirst));

        var exception = Assert.Throws<PostgresAuthenticationException>(() => client.VerifyServerFinalMessage(Bytes(ServerFinal)));

        Assert.StartsWith("incorrect server signature", exception.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Client_final_message_before_client_first_message_is_out_of_order()
    {
        var client = new ScramSha256Client(new Password(Secret), ScramChannelBinding.None, User, ClientNonce);

        Assert.Throws<InvalidOperationException>(() => client.CreateClientFinalMessage(Bytes(ServerFirst)));
    }

    [Fact]
    public void Server_final_message_before_client_final_message_is_out_of_order()
    {
        ScramSha256Client client = StartVectorExchange();

        Assert.Throws<InvalidOperationException>(() => client.VerifyServerFinalMessage(Bytes(ServerFinal)));
    }

    [Fact]
    public void Client_first_message_twice_is_out_of_order()
    {
        ScramSha256Client client = StartVectorExchange();

        Assert.Throws<InvalidOperationException>(client.CreateClientFirstMessage);
    }

    [Fact]
    public void Server_final_message_twice_is_out_of_order()
    {
        ScramSha256Client client = StartVectorExchange();
        client.CreateClientFinalMessage(Bytes(ServerFirst));
        client.VerifyServerFinalMessage(Bytes(ServerFinal));

        Assert.Throws<InvalidOperationException>(() => client.VerifyServerFinalMessage(Bytes(ServerFinal)));
    }

    [Fact]
    public void Exchange_cannot_resume_after_a_rejected_server_first_message()
    {
        ScramSha256Client client = StartVectorExchange();
        Assert.Throws<PostgresAuthenticationException>(() => client.CreateClientFinalMessage(Bytes($"r={ClientNonce},s={Salt},i=4096")));

        Assert.Throws<InvalidOperationException>(() => client.CreateClientFinalMessage(Bytes(ServerFirst)));
    }

    private static ScramSha256Client StartVectorExchange(string secret = Secret)
    {
        var client = new ScramSha256Client(new Password(secret), ScramChannelBinding.None, User, ClientNonce);
        client.CreateClientFirstMessage();
        return client;
    }

    private static byte[] Bytes(string text) => Encoding.UTF8.GetBytes(text);

    private static string Ascii(byte[] message) => Encoding.ASCII.GetString(message);
}
