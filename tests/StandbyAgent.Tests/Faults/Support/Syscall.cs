using System.Globalization;

namespace StandbyAgent.Tests.Faults.Support;

/// <summary>One system call as strace recorded it, numbered by when it was entered and when it returned.</summary>
internal sealed record Syscall(int Entered, int Returned, int Thread, string Name, string Arguments, long Result, string? Error, bool Injected, string Line)
{
    /// <summary>The file descriptor a call works on: its first argument.</summary>
    public int Descriptor => int.Parse(Arguments.AsSpan(0, Arguments.IndexOf(',') is var comma and >= 0 ? comma : Arguments.Length), CultureInfo.InvariantCulture);

    public bool IsSync => Name is "fsync" or "fdatasync";
}
