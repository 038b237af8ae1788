namespace StandbyAgent.Storage.Tests.Support;

/// <summary>A fresh directory under the system temp directory, removed with everything in it on dispose.</summary>
public sealed class TempDirectory : IDisposable
{
    public TempDirectory()
        : this(System.IO.Path.Combine(System.IO.Path.GetTempPath(), "standby-agent-storage-tests", Guid.NewGuid().ToString("N")))
    {
    }

    private TempDirectory(string path)
    {
        Path = path;
        Directory.CreateDirectory(path);
    }

    public string Path { get; }

    /// <summary>A directory inside this one that is not created, for "does not exist" cases.</summary>
    public string Missing(string name = "missing") => System.IO.Path.Combine(Path, name);

    public string PathOf(string fileName) => System.IO.Path.Combine(Path, fileName);

    /// <summary>The names of the files and directories in it, sorted ordinally.</summary>
    public string[] Names() => DirectoryListing.Names(Path);

    public void Dispose()
    {
        if (Directory.Exists(Path))
        {
            Directory.Delete(Path, recursive: true);
        }
    }
}
