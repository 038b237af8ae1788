using System.Globalization;
using System.Text;
using FsCheck;
using FsCheck.Fluent;
using StandbyAgent.Protocol.Messages;
using StandbyAgent.Protocol.Replication;
using StandbyAgent.Testing.Fuzzing;

namespace StandbyAgent.Protocol.Tests.Fuzzing;

/// <summary>
/// Text the server sends inside results and settings: WAL locations, file names, history files,
/// wal_segment_size, the rsocket port. Each is read, or refused with the error its parser documents.
/// </summary>
public sealed class ServerTextFuzzTests
{
    private const string HexDigits = "0123456789ABCDEFabcdef";

    private const string HistoryOfThree = "1\t0/3000158\tno recovery target specified\r\n\n# promoted\n  2\t0/5000000\tbefore 2000-01-01 00:00:00+00\n";

    private static readonly int[] s_segmentSizes = [.. Enumerable.Range(20, 11).Select(power => 1 << power)];

    [Fact]
    public void Any_text_is_a_wal_location_or_refused_with_a_format_error()
    {
        Gen<string> locations = WireGen.TextAround("16/B374D848", HexDigits + "/gGxX+- ");

        Fuzz.Check(Prop.ForAll(Arb.From(locations, Shrink.Shorter), text =>
        {
            bool parsed = Lsn.TryParse(text, out Lsn lsn);
            if (parsed)
            {
                Assert.Equal(lsn, Lsn.Parse(text));
                Assert.Equal(lsn, Lsn.Parse(lsn.ToString()));
            }
            else
            {
                Assert.Throws<FormatException>(() => Lsn.Parse(text));
            }
        }));
    }

    [Fact]
    public void Any_file_name_is_recognised_as_the_segment_it_names_or_not_at_all()
    {
        Gen<string> names = WireGen.TextAround("0000000100000016000000B3.partial", HexDigits + ".partilhsoy/");

        Fuzz.Check(Prop.ForAll(Arb.From(names, Shrink.Shorter), Arb.From(Gen.Elements(s_segmentSizes)), (name, segmentSize) =>
        {
            if (WalFileName.TryParseSegment(name, segmentSize, out uint timeline, out ulong segment, out bool isPartial))
            {
                Assert.Equal(name, WalFileName.Segment(timeline, segment, segmentSize) + (isPartial ? WalFileName.PartialSuffix : ""));
            }
        }));
    }

    [Fact]
    public void Any_history_file_content_is_read_or_refused_as_a_protocol_violation()
    {
        Gen<byte[]> contents = WireGen.Around(Encoding.UTF8.GetBytes(HistoryOfThree));
        Gen<uint> timelines = Gen.Frequency((4, Gen.Elements(1u, 2u, 3u, 4u)), (1, ArbMap.Default.GeneratorFor<uint>()));

        Fuzz.Check(Prop.ForAll(WireGen.Arbitrary(contents), Arb.From(timelines), (content, timeline) =>
        {
            try
            {
                TimelineHistory history = TimelineHistory.Parse(content.Bytes, timeline);

                // The server's own checks, which the rest of the agent relies on.
                Assert.All(history.Switches, entry => Assert.InRange(entry.Timeline, 1u, timeline - 1));
                Assert.Equal(history.Switches.OrderBy(entry => entry.Timeline).ThenBy(entry => entry.SwitchPoint), history.Switches);
            }
            catch (ProtocolViolationException)
            {
            }
        }));
    }

    [Fact]
    public void Any_wal_segment_size_setting_is_read_or_refused_as_a_protocol_violation()
    {
        Gen<string> settings = Gen.OneOf(
            WireGen.TextAround("16MB", "0123456789kMGBb -+."),
            WireGen.TextAround("1048576kB", "0123456789kMGBb -+."),
            Gen.Elements(s_segmentSizes).Select(size => $"{size / 1024}kB"));

        Fuzz.Check(Prop.ForAll(Arb.From(settings, Shrink.Shorter), text =>
        {
            try
            {
                Assert.True(WalSegmentSize.IsValid(WalSegmentSize.Parse(text)));
            }
            catch (ProtocolViolationException)
            {
            }
        }));
    }

    [Fact]
    public void Any_payload_is_an_rsocket_port_or_not_one()
    {
        Gen<byte[]> replies = WireGen.Around("65535\0"u8.ToArray());

        Fuzz.Check(Prop.ForAll(WireGen.Arbitrary(replies), input =>
        {
            if (RsocketPortReply.TryParse(input.Sequence, out RsocketPortReply reply))
            {
                // One C string of digits, nothing after its NUL: a ParameterStatus has two strings.
                string text = Encoding.Latin1.GetString(input.Bytes);
                Assert.Matches("^[0-9]+\0$", text);
                Assert.Equal(int.Parse(text.AsSpan(0, text.Length - 1), CultureInfo.InvariantCulture), reply.Port);
                Assert.InRange(reply.Port, 1, 65535);
            }
        }));
    }

    /// <summary>Found by the property above: int.TryParse accepts trailing NULs, so these read as port 3.</summary>
    [Theory]
    [InlineData("3\0\0")]
    [InlineData("80\0\0\0")]
    public void A_payload_with_more_than_one_string_is_not_an_rsocket_port(string payload)
    {
        Assert.False(RsocketPortReply.TryParse(new ReadOnlySequence<byte>(Encoding.Latin1.GetBytes(payload)), out _));
    }
}
