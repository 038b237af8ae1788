using System.Buffers;
using StandbyAgent.Protocol.Framing;

namespace StandbyAgent.Protocol.Messages;

/// <summary>A BackendKeyData ('K') message: the backend's process id and cancel key (protocol 3.0).</summary>
public readonly record struct BackendKeyData(int ProcessId, int SecretKey)
{
    public static BackendKeyData Parse(ReadOnlySequence<byte> payload)
    {
        var reader = new PayloadReader(payload, "BackendKeyData");
        int processId = reader.ReadInt32();
        int secretKey = reader.ReadInt32();
        reader.EnsureEnd();
        return new BackendKeyData(processId, secretKey);
    }
}
