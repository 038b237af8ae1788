using System.Numerics;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using StandbyAgent.Replication.Connection.Tls;
using StandbyAgent.Replication.Tests.Configuration;
using Xunit;

namespace StandbyAgent.Replication.Tests.Security;

/// <summary>
/// Revocation lists judged as OpenSSL judges them under libpq's flags, including the cases a
/// running server cannot easily show: an expired list, a list not yet valid, a forged one.
/// </summary>
public sealed class RevocationListsTests : IDisposable
{
    private readonly TemporaryDirectory _directory = new();
    private readonly ECDsa _authorityKey = ECDsa.Create(ECCurve.NamedCurves.nistP256);
    private readonly X509Certificate2 _authority;
    private readonly X509Certificate2 _server;

    public RevocationListsTests()
    {
        var authority = new CertificateRequest("CN=crl test CA", _authorityKey, HashAlgorithmName.SHA256);
        authority.CertificateExtensions.Add(new X509BasicConstraintsExtension(true, false, 0, true));
        _authority = authority.CreateSelfSigned(DateTimeOffset.UtcNow.AddDays(-2), DateTimeOffset.UtcNow.AddDays(2));
        using var serverKey = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        _server = new CertificateRequest("CN=server", serverKey, HashAlgorithmName.SHA256)
            .Create(_authority, DateTimeOffset.UtcNow.AddDays(-1), DateTimeOffset.UtcNow.AddDays(1), [0x42]);
    }

    [Theory]
    [InlineData(-1, 7, false, null)]
    [InlineData(-1, 7, true, "certificate revoked")]
    [InlineData(-10, -1, false, "CRL has expired")]
    [InlineData(1, 7, false, "CRL is not yet valid")]
    public void A_list_counts_only_while_it_is_current(int thisUpdateDays, int nextUpdateDays, bool revokeServer, string? expected)
    {
        string file = WriteList(_authority, thisUpdateDays, nextUpdateDays, revokeServer);

        Assert.Equal(expected, Check(RevocationLists.Load(file, directory: null)));
    }

    [Fact]
    public void A_list_signed_by_another_key_under_the_same_name_is_ignored()
    {
        using var forgerKey = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var request = new CertificateRequest("CN=crl test CA", forgerKey, HashAlgorithmName.SHA256);
        request.CertificateExtensions.Add(new X509BasicConstraintsExtension(true, false, 0, true));
        using X509Certificate2 forger = request.CreateSelfSigned(DateTimeOffset.UtcNow.AddDays(-2), DateTimeOffset.UtcNow.AddDays(2));
        string file = WriteList(forger, -1, 7, revokeServer: false);

        Assert.Equal("unable to get certificate CRL", Check(RevocationLists.Load(file, directory: null)));
    }

    [Fact]
    public void A_missing_or_unreadable_file_turns_checking_off_as_in_libpq()
    {
        string garbage = _directory.WriteFile("garbage.crl", "not a list");

        Assert.Null(RevocationLists.Load(Path.Combine(_directory.Path, "missing.crl"), directory: null));
        Assert.Null(RevocationLists.Load(garbage, directory: null));
    }

    public void Dispose()
    {
        _server.Dispose();
        _authority.Dispose();
        _authorityKey.Dispose();
        _directory.Dispose();
    }

    private string? Check(RevocationLists? lists)
    {
        Assert.NotNull(lists);
        using var chain = new X509Chain();
        chain.ChainPolicy.TrustMode = X509ChainTrustMode.CustomRootTrust;
        chain.ChainPolicy.CustomTrustStore.Add(_authority);
        chain.ChainPolicy.RevocationMode = X509RevocationMode.NoCheck;
        Assert.True(chain.Build(_server));
        return lists.Check(chain, DateTimeOffset.UtcNow);
    }

    private string WriteList(X509Certificate2 issuer, int thisUpdateDays, int nextUpdateDays, bool revokeServer)
    {
        var builder = new CertificateRevocationListBuilder();
        if (revokeServer)
        {
            builder.AddEntry(_server);
        }

        byte[] der = builder.Build(
            issuer, BigInteger.One, DateTimeOffset.UtcNow.AddDays(nextUpdateDays), HashAlgorithmName.SHA256, null, DateTimeOffset.UtcNow.AddDays(thisUpdateDays));
        return _directory.WriteFile($"list-{Guid.NewGuid():N}.crl", PemEncoding.WriteString("X509 CRL", der));
    }
}
