using System.Globalization;
using StandbyAgent.Replication.Streaming;

namespace StandbyAgent.Metrics;

/// <summary>The info metric's labels for one sender, formatted once. The sender carries no secret to leak.</summary>
internal sealed class SenderLabels(SenderInfo sender)
{
    public SenderInfo Sender { get; } = sender;

    public KeyValuePair<string, object?>[] Tags { get; } =
    [
        new("system_identifier", sender.SystemIdentifier.ToString(CultureInfo.InvariantCulture)),
        new("slot", sender.Slot ?? string.Empty),
        new("transport", sender.Transport),
        new("sender_host", sender.SenderHost),
        new("sender_port", sender.SenderPort),
    ];
}
