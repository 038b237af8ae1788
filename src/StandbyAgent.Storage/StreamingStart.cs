using StandbyAgent.Protocol;

namespace StandbyAgent.Storage;

/// <summary>Where streaming resumes, decided from what is on disk, and why.</summary>
public sealed record StreamingStart(uint Timeline, Lsn Start, string Reason);
