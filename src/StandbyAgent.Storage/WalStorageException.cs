namespace StandbyAgent.Storage;

/// <summary>
/// The WAL directory cannot be trusted or written: a failed write or fsync, a full disk, a
/// directory that belongs to another cluster. The message says what an operator must do.
/// </summary>
public sealed class WalStorageException : Exception
{
    public WalStorageException(string message)
        : base(message)
    {
    }

    public WalStorageException(string message, Exception innerException)
        : base(message, innerException)
    {
    }

    /// <summary>True when the disk is full (anywhere in the chain of causes): the agent may retry once space has been freed.</summary>
    public bool IsOutOfSpace
    {
        get
        {
            for (Exception? cause = InnerException; cause is not null; cause = cause.InnerException)
            {
                if (cause is IOException { HResult: Interop.Errors.ENOSPC })
                {
                    return true;
                }
            }

            return false;
        }
    }
}
