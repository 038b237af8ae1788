using StandbyAgent.Testing.Tls;
using Xunit;

namespace StandbyAgent.Replication.Tests.Security;

/// <summary>Every test in this collection shares one primary with TLS, and switches its TLS one test at a time.</summary>
[CollectionDefinition(TlsPostgresFixture.CollectionName)]
public sealed class TlsPostgresCollection : ICollectionFixture<TlsPostgresFixture>;
