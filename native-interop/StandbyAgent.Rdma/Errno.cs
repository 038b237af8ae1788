namespace StandbyAgent.Rdma;

/// <summary>
/// The errno values callers of this library tell apart (Linux generic ABI, as on x86-64 and
/// aarch64). Any other value still reaches them, with its text, in <see cref="RsocketException"/>.
/// </summary>
public static class Errno
{
    public const int EPERM = 1;
    public const int ENOENT = 2;
    public const int EINTR = 4;
    public const int EAGAIN = 11;
    public const int ENOMEM = 12;
    public const int EACCES = 13;
    public const int ENODEV = 19;
    public const int EADDRINUSE = 98;
    public const int EINPROGRESS = 115;
}
