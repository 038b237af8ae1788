using System.Net.Sockets;

namespace StandbyAgent.Rdma.Tests;

/// <summary>
/// librdmacm as this machine has it: installed (librdmacm1), with no RDMA device. What works
/// with a device is exercised end to end by the soft-RoCE harness (tests/rdma).
/// </summary>
public sealed class RsocketTests
{
    public RsocketTests()
    {
        Assert.True(RdmacmLibrary.TryLoad(out string? problem), problem);
    }

    [Fact]
    public void The_library_is_found_by_its_soname_and_its_rdma_core_release_is_known()
    {
        Assert.NotNull(RdmacmLibrary.LoadedPath);
        Assert.StartsWith("librdmacm.so.1.", Path.GetFileName(RdmacmLibrary.LoadedPath), StringComparison.Ordinal);
        Assert.True(int.TryParse(RdmacmLibrary.RdmaCoreVersion, out int release) && release >= 25, RdmacmLibrary.RdmaCoreVersion);
    }

    [Fact]
    public void Without_an_rdma_device_rsocket_fails_with_enodev_named_after_the_function()
    {
        var error = Assert.Throws<RsocketException>(() => Rsocket.Create(AddressFamily.InterNetwork));

        Assert.Equal("rsocket", error.Function);
        Assert.Equal(Errno.ENODEV, error.Errno);
        Assert.Equal("rsocket() failed: No such device (errno 19)", error.Message);
    }
}
