using System.Buffers;

namespace StandbyAgent.Protocol.Frontend;

/// <summary>CopyDone ('c', length 4): ends our side of the CopyBoth stream.</summary>
public static class CopyDoneMessage
{
    public static void Write(IBufferWriter<byte> output) =>
        FrontendWriter.WriteHeader(output, FrontendMessageCode.CopyDone, 0);
}
