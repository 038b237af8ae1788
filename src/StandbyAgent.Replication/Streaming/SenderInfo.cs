namespace StandbyAgent.Replication.Streaming;

/// <summary>Who the receiver is streaming from: the labels of the info metric, never a secret.</summary>
public sealed record SenderInfo(ulong SystemIdentifier, string? Slot, string Transport, string SenderHost, int SenderPort);
