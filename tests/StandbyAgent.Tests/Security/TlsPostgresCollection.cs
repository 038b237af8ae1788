using StandbyAgent.Testing.Tls;

namespace StandbyAgent.Tests.Security;

/// <summary>Every test in this collection shares one primary with TLS.</summary>
[CollectionDefinition(TlsPostgresFixture.CollectionName)]
public sealed class TlsPostgresCollection : ICollectionFixture<TlsPostgresFixture>;
