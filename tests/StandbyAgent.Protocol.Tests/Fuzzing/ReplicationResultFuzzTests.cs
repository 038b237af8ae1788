using System.Text;
using FsCheck;
using FsCheck.Fluent;
using StandbyAgent.Protocol.Framing;
using StandbyAgent.Protocol.Query;
using StandbyAgent.Protocol.Replication;
using StandbyAgent.Protocol.Tests.Support;
using StandbyAgent.Testing.Fuzzing;
using StandbyAgent.Testing.Wire;

namespace StandbyAgent.Protocol.Tests.Fuzzing;

/// <summary>
/// The replication commands' results (IDENTIFY_SYSTEM, TIMELINE_HISTORY, READ_REPLICATION_SLOT, the
/// end-of-timeline result set) come from the server: any shape and any cell must be read or refused
/// as a protocol violation, whether built directly or collected from the wire.
/// </summary>
public sealed class ReplicationResultFuzzTests
{
    private const string HistoryOfThree = "1\t0/3000158\tno recovery target specified\n\n# promoted\n2\t0/5000000\tbefore 2000-01-01 00:00:00+00\n";

    /// <summary>Cells a replication result holds when well-formed, and their near misses.</summary>
    private static readonly string[] s_cells =
    [
        "", "0", "1", "2", "3", "-1", "+1", " 1", "01", "4294967295", "4294967296", "7436471812345678901", "18446744073709551615",
        "18446744073709551616", "0/0", "0/1", "16/B374D848", "16/b374d848", "FFFFFFFF/FFFFFFFF", "100000000/0", "0/100000000", "/", "0/", "/0",
        "g/0", "0x1/0", " 0/1", "physical", "logical", "../../x", "../00000002.history", "/tmp/00000002.history",
        "00000002.history\0", "00000002.HISTORY", "00000002.history/../../x", HistoryOfThree,
    ];

    /// <summary>A well-formed row of IDENTIFY_SYSTEM, the end-of-timeline result, READ_REPLICATION_SLOT and TIMELINE_HISTORY.</summary>
    private static readonly string?[][] s_rows =
    [
        ["7436471812345678901", "1", "16/B374D848", null],
        ["3", "0/5000000"],
        ["physical", "0/3000000", "2"],
        [null, null, null],
        ["00000003.history", HistoryOfThree],
    ];

    [Fact]
    public void Any_result_set_is_read_by_every_replication_result_parser_or_refused_as_a_protocol_violation()
    {
        Gen<ResultSet> resultSets =
            from timeline in Gen.Frequency((4, Gen.Constant(3u)), (1, ArbMap.Default.GeneratorFor<uint>()))
            from row in Gen.Elements(s_rows).SelectMany(valid => Mangled(valid, timeline))
            from columns in Gen.Frequency((6, Gen.Constant(row.Length)), (1, Gen.Choose(0, 5)))
            from rowCount in Gen.Frequency((6, Gen.Constant(1)), (1, Gen.Choose(0, 3)))
            select new ResultSet(QueryResults.TextColumns(columns), [.. Enumerable.Repeat(row, rowCount)], timeline);

        Fuzz.Check(Prop.ForAll(Arb.From(resultSets), set => ReadWithEveryParser(set.ToQueryResult(), set.Timeline)));
    }

    [Fact]
    public void Any_response_to_a_query_is_collected_or_refused()
    {
        Arbitrary<FrameScript> responses = WireGen.Script(
            (BackendMessageCode.RowDescription, BackendMessages.RowDescription(("next_tli", BackendMessages.Int8Oid), ("next_tli_startpos", BackendMessages.TextOid))),
            (BackendMessageCode.RowDescription, BackendMessages.RowDescription(("filename", BackendMessages.TextOid), ("content", BackendMessages.ByteaOid))),
            (BackendMessageCode.DataRow, BackendMessages.DataRow("2", "0/5000000")),
            (BackendMessageCode.DataRow, BackendMessages.DataRow("00000003.history", HistoryOfThree)),
            (BackendMessageCode.DataRow, BackendMessages.DataRow("7436471812345678901", "1", "16/B374D848", null)),
            (BackendMessageCode.CommandComplete, BackendMessages.CommandComplete("SELECT 1")),
            (BackendMessageCode.EmptyQueryResponse, []),
            (BackendMessageCode.ErrorResponse, BackendMessages.Error("ERROR", "58P01", "could not open file")),
            (BackendMessageCode.NoticeResponse, BackendMessages.Notice(('S', "NOTICE"), ('M', "note"))),
            (BackendMessageCode.ParameterStatus, BackendMessages.ParameterStatus("in_hot_standby", "off")),
            (BackendMessageCode.CopyBothResponse, BackendMessages.CopyBothResponse()),
            (BackendMessageCode.ReadyForQuery, BackendMessages.ReadyForQuery('I')));

        Fuzz.Check(Prop.ForAll(responses, script =>
        {
            var response = new SimpleQueryResponse();
            try
            {
                foreach (BackendFrame frame in script.BackendFrames)
                {
                    switch (response.Process(frame))
                    {
                        case QueryProgress.CopyBothStarted:
                            return;
                        case QueryProgress.Completed when response.Error is not null:
                            Assert.Same(response.Error, Assert.Throws<PostgresException>(response.GetResult));
                            return;
                        case QueryProgress.Completed:
                            ReadWithEveryParser(response.GetResult(), timeline: 3);
                            return;
                    }
                }
            }
            catch (ProtocolViolationException)
            {
            }
        }));
    }

    /// <summary>A well-formed row with none, one or two cells replaced by a near miss, a mutation or random bytes.</summary>
    private static Gen<byte[]?[]> Mangled(string?[] valid, uint timeline)
    {
        string history = WalFileName.History(timeline);
        string[] nearMisses = [.. s_cells, history, history.ToUpperInvariant(), $"../{history}", $"{history}/../x"];
        Gen<byte[]?> cell = Gen.Frequency(
            (1, Gen.Constant<byte[]?>(null)),
            (4, Gen.Elements(nearMisses).Select(text => (byte[]?)Encoding.UTF8.GetBytes(text))),
            (4, Gen.Elements([.. nearMisses, .. valid.OfType<string>()]).SelectMany(text => WireGen.Mutated(Encoding.UTF8.GetBytes(text))).Select(bytes => (byte[]?)bytes)),
            (1, WireGen.Bytes.Select(bytes => (byte[]?)bytes)));
        byte[]?[] row = [.. valid.Select(text => text is null ? null : Encoding.UTF8.GetBytes(text))];
        Gen<(int Column, byte[]? Cell)> replacement = Gen.Zip(Gen.Choose(0, row.Length - 1), cell);
        return Gen.Choose(0, 2).SelectMany(count => Gen.ArrayOf(replacement, count)).Select(replacements =>
        {
            byte[]?[] mangled = [.. row];
            foreach ((int column, byte[]? value) in replacements)
            {
                mangled[column] = value;
            }

            return mangled;
        });
    }

    private static void ReadWithEveryParser(QueryResult result, uint timeline)
    {
        Refusable(() => IdentifySystemResult.Parse(result));
        Refusable(() => EndOfTimeline.Parse(result));
        Refusable(() => ReadReplicationSlotResult.Parse(result));
        Refusable(() =>
        {
            TimelineHistoryFile file = TimelineHistoryFile.Parse(result, timeline);

            // A name the server sent is accepted only as the one computed here: it could be a path.
            Assert.Equal(WalFileName.History(timeline), QueryResult.Text(result.Rows[0][0]));
            Assert.Equal(WalFileName.History(timeline), file.FileName);
        });
    }

    private static void Refusable(Action parse)
    {
        try
        {
            parse();
        }
        catch (ProtocolViolationException)
        {
        }
    }
}
