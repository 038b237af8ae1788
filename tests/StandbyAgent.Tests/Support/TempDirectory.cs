namespace StandbyAgent.Tests.Support;

/// <summary>A fresh directory for one test, removed afterwards.</summary>
public sealed class TempDirectory : IDisposable
{
    public TempDirectory()
    {
        Path = Directory.CreateTempSubdirectory("standby-agent-test-").FullName;
    }

    public string Path { get; }

    public IEnumerable<string> FileNames => Directory.EnumerateFiles(Path).Select(System.IO.Path.GetFileName).OfType<string>().Order(StringComparer.Ordinal);

    public void Dispose() => Directory.Delete(Path, recursive: true);

    public override string ToString() => Path;
}
