namespace StandbyAgent.Tests.Run.Support;

/// <summary>The uid a file belongs to, through the agent's own statx declaration.</summary>
internal static class FileOwner
{
    public static uint Of(string path) =>
        Interop.Libc.Statx(Interop.Libc.AtCurrentDirectory, path, 0, Interop.Libc.StatxUid, out Interop.Libc.StatxBuffer status) == 0
            ? status.Uid
            : throw new IOException($"statx failed for {path}");
}
