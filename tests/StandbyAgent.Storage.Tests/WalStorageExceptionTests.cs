namespace StandbyAgent.Storage.Tests;

public sealed class WalStorageExceptionTests
{
    private const int Enospc = 28;
    private const int Eio = 5;

    [Fact]
    public void IsOutOfSpace_is_true_for_an_inner_io_error_with_errno_ENOSPC()
    {
        Assert.True(new WalStorageException("full", new IOException("no space", Enospc)).IsOutOfSpace);
    }

    [Fact]
    public void IsOutOfSpace_is_false_for_other_errors_and_without_an_inner_error()
    {
        Assert.False(new WalStorageException("broken", new IOException("input/output error", Eio)).IsOutOfSpace);
        Assert.False(new WalStorageException("no inner error").IsOutOfSpace);
        Assert.False(new WalStorageException("not an io error", new InvalidOperationException("28")).IsOutOfSpace);
    }
}
