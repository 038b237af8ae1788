using System.Security.Cryptography;
using System.Text;
using StandbyAgent.Protocol.Authentication;

namespace StandbyAgent.Protocol.Tests.Authentication;

public sealed class Md5PasswordTests
{
    [Fact]
    public void Response_for_a_known_user_password_and_salt_matches_the_precomputed_value()
    {
        using var password = new Password("secret");

        // md5(md5("secret" + "postgres") as hex + 01 02 03 04), from Python's hashlib.
        byte[] response = Md5Password.Compute("postgres", password, [0x01, 0x02, 0x03, 0x04]);

        Assert.Equal("md5bb41a296aab6baccb36ff243a562abff", Encoding.ASCII.GetString(response));
    }

    [Fact]
    public void Response_matches_an_independent_computation_with_non_ASCII_user_and_password()
    {
        const string User = "réplica";
        const string Secret = "pässwörd ☃";
        byte[] salt = [0xDE, 0xAD, 0x00, 0xEF];
        using var password = new Password(Secret);

        byte[] response = Md5Password.Compute(User, password, salt);

        string inner = Convert.ToHexStringLower(MD5.HashData(Encoding.UTF8.GetBytes(Secret + User)));
        string outer = Convert.ToHexStringLower(MD5.HashData([.. Encoding.ASCII.GetBytes(inner), .. salt]));
        Assert.Equal("md5" + outer, Encoding.ASCII.GetString(response));
    }

    [Fact]
    public void Salt_that_is_not_four_bytes_is_rejected()
    {
        using var password = new Password("secret");

        Assert.Throws<ArgumentException>(() => Md5Password.Compute("postgres", password, [0x01, 0x02, 0x03]));
    }
}
