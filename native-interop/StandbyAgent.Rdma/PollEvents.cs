namespace StandbyAgent.Rdma;

/// <summary>poll(2) event bits, as rpoll reports them for rsockets and ordinary descriptors alike.</summary>
[Flags]
public enum PollEvents : short
{
    None = 0,
    /// <summary>Data to read, or (for an rsocket) no longer readable: end of stream or an error.</summary>
    In = 0x1,
    /// <summary>Room to send now (an rsocket also needs a remote credit); for a connecting rsocket: the outcome is known.</summary>
    Out = 0x4,
    Error = 0x8,
    HangUp = 0x10,
    Invalid = 0x20,
}
