namespace StandbyAgent.Replication.Tests.Configuration;

/// <summary>A fresh directory under /tmp, removed with everything in it on dispose.</summary>
internal sealed class TemporaryDirectory : IDisposable
{
    public TemporaryDirectory()
    {
        Path = Directory.CreateTempSubdirectory("conninfo-tests-").FullName;
    }

    public string Path { get; }

    /// <summary>Writes a file with the given mode and returns its full path.</summary>
    public string WriteFile(string name, string content, UnixFileMode mode = UnixFileMode.UserRead | UnixFileMode.UserWrite)
    {
        string path = System.IO.Path.Combine(Path, name);
        File.WriteAllText(path, content);
        SetMode(path, mode);
        return path;
    }

    /// <summary>chmod; the tests that need it run where Unix modes exist.</summary>
    public static void SetMode(string path, UnixFileMode mode)
    {
        if (!OperatingSystem.IsWindows())
        {
            File.SetUnixFileMode(path, mode);
        }
    }

    public void Dispose() => Directory.Delete(Path, recursive: true);
}
