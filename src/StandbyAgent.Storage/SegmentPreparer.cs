using Microsoft.Win32.SafeHandles;

namespace StandbyAgent.Storage;

/// <summary>
/// Prepares the next segment file off the receive path: created under a temp name and filled the
/// way <see cref="SegmentFill"/> says (zeros, fsynced when the directory syncs, or allocated
/// blocks). Moving to the next segment then costs a rename. One file is prepared at a time; a
/// failure surfaces when the file is taken.
/// </summary>
internal sealed class SegmentPreparer : IDisposable
{
    private readonly bool _sync;
    private readonly SegmentFill _fill;
    private Task<SafeFileHandle>? _pending;
    private string? _pendingPath;

    public SegmentPreparer(bool sync, SegmentFill fill)
    {
        _sync = sync;
        _fill = fill;
    }

    /// <summary>Starts preparing <paramref name="tempPath"/>, unless it is already being prepared.</summary>
    public void PrepareAhead(string tempPath, int size, Func<string, FileMode, SafeFileHandle> open)
    {
        if (_pendingPath == tempPath)
        {
            return;
        }

        Discard();
        _pendingPath = tempPath;
        _pending = Task.Factory.StartNew(() => Prepare(tempPath, size, open), CancellationToken.None, TaskCreationOptions.LongRunning, TaskScheduler.Default);
    }

    /// <summary>The prepared file at <paramref name="tempPath"/>, waiting for it if need be; null if another was prepared.</summary>
    /// <exception cref="WalStorageException">Preparing it failed (a full disk, typically).</exception>
    public SafeFileHandle? Take(string tempPath)
    {
        if (_pendingPath != tempPath || _pending is not { } pending)
        {
            return null;
        }

        (_pending, _pendingPath) = (null, null);
        return pending.GetAwaiter().GetResult();
    }

    public void Dispose() => Discard();

    private SafeFileHandle Prepare(string tempPath, int size, Func<string, FileMode, SafeFileHandle> open)
    {
        SafeFileHandle handle = open(tempPath, FileMode.Create);
        try
        {
            if (_fill == SegmentFill.Allocate)
            {
                // Its size and blocks become durable with the segment's first fdatasync.
                DurableFileSystem.Allocate(handle, tempPath, size);
            }
            else
            {
                DurableFileSystem.WriteZeros(handle, tempPath, 0, size);
                if (_sync)
                {
                    DurableFileSystem.SyncFile(handle, tempPath);
                }
            }

            return handle;
        }
        catch
        {
            handle.Dispose();
            File.Delete(tempPath);
            throw;
        }
    }

    /// <summary>Drops a prepared file nobody took: it would only be a stale temp file.</summary>
    private void Discard()
    {
        if (_pending is not { } pending)
        {
            return;
        }

        string path = _pendingPath!;
        (_pending, _pendingPath) = (null, null);
        try
        {
            pending.GetAwaiter().GetResult().Dispose();
            File.Delete(path);
        }
        catch (Exception ex) when (ex is WalStorageException or IOException)
        {
            // It was never going to be used; a failure that matters recurs where it does, and a
            // temp file left behind is removed when the directory is next opened.
        }
    }
}
