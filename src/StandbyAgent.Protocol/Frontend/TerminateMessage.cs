using System.Buffers;

namespace StandbyAgent.Protocol.Frontend;

/// <summary>Terminate ('X', length 4): a polite goodbye before closing the connection.</summary>
public static class TerminateMessage
{
    public static void Write(IBufferWriter<byte> output) =>
        FrontendWriter.WriteHeader(output, FrontendMessageCode.Terminate, 0);
}
