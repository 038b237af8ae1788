using StandbyAgent.Replication.Configuration;

namespace StandbyAgent.Replication.Tests.Configuration;

/// <summary>An environment made of a dictionary, so no test reads or changes the real one.</summary>
internal sealed class FakeConnectionEnvironment : IConnectionEnvironment
{
    public Dictionary<string, string> Variables { get; } = new(StringComparer.Ordinal);

    public string? HomeDirectory { get; init; }

    public string UserName { get; init; } = "osuser";

    public string? GetVariable(string name) => Variables.GetValueOrDefault(name);
}
