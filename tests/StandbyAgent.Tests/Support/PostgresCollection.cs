using StandbyAgent.Testing;

namespace StandbyAgent.Tests.Support;

/// <summary>Every test in this collection shares one real primary.</summary>
[CollectionDefinition(PostgresFixture.CollectionName)]
public sealed class PostgresCollection : ICollectionFixture<PostgresFixture>;
