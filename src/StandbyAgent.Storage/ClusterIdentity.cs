using System.Globalization;
using System.Text;

namespace StandbyAgent.Storage;

/// <summary>
/// The primary a WAL directory belongs to: its system identifier and segment size, recorded on
/// first contact in <see cref="FileName"/> and checked on every connect, so WAL from another
/// cluster never lands next to this one's.
/// </summary>
public sealed record ClusterIdentity(ulong SystemIdentifier, int SegmentSize)
{
    public const string FileName = "standby-agent.identity";

    public string Serialize() =>
        string.Create(CultureInfo.InvariantCulture, $"system_identifier = {SystemIdentifier}\nwal_segment_size = {SegmentSize}\n");

    public static ClusterIdentity Parse(string text, string path)
    {
        ulong? systemIdentifier = null;
        int? segmentSize = null;
        foreach (string line in text.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            string[] parts = line.Split('=', 2, StringSplitOptions.TrimEntries);
            switch (parts)
            {
                case ["system_identifier", string value] when systemIdentifier is null && ulong.TryParse(value, NumberStyles.None, CultureInfo.InvariantCulture, out ulong id):
                    systemIdentifier = id;
                    break;
                case ["wal_segment_size", string value] when segmentSize is null && int.TryParse(value, NumberStyles.None, CultureInfo.InvariantCulture, out int size)
                                                               && Protocol.Replication.WalSegmentSize.IsValid(size):
                    segmentSize = size;
                    break;
                default:
                    throw Corrupt(path, $"unexpected line \"{line}\"");
            }
        }

        return new ClusterIdentity(
            systemIdentifier ?? throw Corrupt(path, "no system_identifier"),
            segmentSize ?? throw Corrupt(path, "no wal_segment_size"));
    }

    public byte[] ToBytes() => Encoding.ASCII.GetBytes(Serialize());

    private static WalStorageException Corrupt(string path, string problem) =>
        new($"the identity file \"{path}\" is damaged ({problem}); if this directory really belongs to the primary, remove the file and the agent will record the primary's identity again");
}
