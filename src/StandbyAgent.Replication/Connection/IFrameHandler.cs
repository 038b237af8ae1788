using StandbyAgent.Protocol.Framing;

namespace StandbyAgent.Replication.Connection;

/// <summary>Consumes server messages one at a time until it has what it waited for.</summary>
internal interface IFrameHandler
{
    /// <returns>True when done; the frames after this one stay unread.</returns>
    bool Handle(in BackendFrame frame);
}
