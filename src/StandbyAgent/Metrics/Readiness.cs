namespace StandbyAgent.Metrics;

/// <summary>The answer of <c>/readyz</c>: ready or not, and a short reason with no secret in it.</summary>
internal readonly record struct Readiness(bool IsReady, string Reason);
