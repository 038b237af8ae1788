using System.Net;
using System.Net.Sockets;

namespace StandbyAgent.LocalCluster;

internal static class LoopbackPort
{
    /// <summary>
    /// A port the kernel considers free on 127.0.0.1 right now. Another process could take it
    /// before the server binds it; for a throwaway cluster that race is rare enough to accept.
    /// </summary>
    public static int PickFree()
    {
        using var socket = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
        socket.Bind(new IPEndPoint(IPAddress.Loopback, 0));
        return ((IPEndPoint)socket.LocalEndPoint!).Port;
    }
}
