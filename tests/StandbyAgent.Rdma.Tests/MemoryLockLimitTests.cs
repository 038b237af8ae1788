using System.Globalization;

namespace StandbyAgent.Rdma.Tests;

public sealed class MemoryLockLimitTests
{
    [Fact]
    public void The_limit_is_the_one_the_kernel_reports_for_this_process()
    {
        // "Max locked memory         8388608              8388608              bytes"
        string line = File.ReadLines("/proc/self/limits").Single(l => l.StartsWith("Max locked memory", StringComparison.Ordinal));
        string soft = line["Max locked memory".Length..].Split(' ', StringSplitOptions.RemoveEmptyEntries)[0];

        ulong? expected = soft == "unlimited" ? null : ulong.Parse(soft, CultureInfo.InvariantCulture);
        Assert.Equal(expected, MemoryLockLimit.CurrentBytes);
    }
}
