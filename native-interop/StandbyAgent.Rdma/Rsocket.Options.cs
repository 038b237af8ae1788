namespace StandbyAgent.Rdma;

/// <summary>Options: every one of them before connecting, since rsocket ignores or refuses them once buffers exist.</summary>
public sealed partial class Rsocket
{
    /// <summary>
    /// The registered (pinned) receive and send rings. As on Linux, rsocket doubles the value;
    /// they count against the locked-memory limit.
    /// </summary>
    public void SetBufferSizes(int receiveBytes, int sendBytes)
    {
        SetInt32(Interop.Rdmacm.SOL_SOCKET, Interop.Rdmacm.SO_RCVBUF, receiveBytes, nameof(Interop.Rdmacm.SO_RCVBUF));
        SetInt32(Interop.Rdmacm.SOL_SOCKET, Interop.Rdmacm.SO_SNDBUF, sendBytes, nameof(Interop.Rdmacm.SO_SNDBUF));
    }

    /// <summary>Stored only (rsocket has no Nagle delay); set so the socket reads like the TCP one it replaces.</summary>
    public void SetNoDelay() => SetInt32(Interop.Rdmacm.IPPROTO_TCP, Interop.Rdmacm.TCP_NODELAY, 1, nameof(Interop.Rdmacm.TCP_NODELAY));

    /// <summary>
    /// rsocket's keepalive: a zero-byte RDMA write every <paramref name="periodSeconds"/> (a fixed
    /// period, not an idle time), so a dead peer shows as an error. The period must come first.
    /// </summary>
    public void SetKeepAlive(int periodSeconds)
    {
        SetInt32(Interop.Rdmacm.IPPROTO_TCP, Interop.Rdmacm.TCP_KEEPIDLE, periodSeconds, nameof(Interop.Rdmacm.TCP_KEEPIDLE));
        SetInt32(Interop.Rdmacm.SOL_SOCKET, Interop.Rdmacm.SO_KEEPALIVE, 1, nameof(Interop.Rdmacm.SO_KEEPALIVE));
    }

    /// <summary>The pending error (SO_ERROR), 0 when there is none; reading it clears it.</summary>
    public unsafe int TakeError()
    {
        using SafeRsocketHandle.Lease lease = _handle.Acquire();
        int value = 0;
        uint length = sizeof(int);
        if (Interop.Rdmacm.RGetSockOpt(lease.Index, Interop.Rdmacm.SOL_SOCKET, Interop.Rdmacm.SO_ERROR, &value, &length) != 0)
        {
            throw RsocketException.FromLastError("rgetsockopt(SO_ERROR)");
        }

        return value;
    }

    private unsafe void SetInt32(int level, int name, int value, string optionName)
    {
        using SafeRsocketHandle.Lease lease = _handle.Acquire();
        if (Interop.Rdmacm.RSetSockOpt(lease.Index, level, name, &value, sizeof(int)) != 0)
        {
            throw RsocketException.FromLastError($"rsetsockopt({optionName})");
        }
    }
}
