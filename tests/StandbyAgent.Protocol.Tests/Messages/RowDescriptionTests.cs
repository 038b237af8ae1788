using StandbyAgent.Protocol.Framing;
using StandbyAgent.Protocol.Messages;
using StandbyAgent.Protocol.Tests.Support;
using StandbyAgent.Testing.Wire;

namespace StandbyAgent.Protocol.Tests.Messages;

public sealed class RowDescriptionTests
{
    [Fact]
    public void Names_and_type_oids_of_identify_system_are_read()
    {
        (string, int)[] columns = [("systemid", BackendMessages.TextOid), ("timeline", BackendMessages.Int8Oid), ("xlogpos", BackendMessages.TextOid), ("dbname", BackendMessages.TextOid)];

        IReadOnlyList<ColumnDescription> parsed = Parse(BackendMessages.RowDescription(columns));

        Assert.Equal(columns.Select(c => new ColumnDescription(c.Item1, c.Item2)), parsed);
    }

    [Fact]
    public void Description_of_no_columns_is_empty()
    {
        Assert.Empty(Parse(Hex.Bytes("0000")));
    }

    [Theory]
    [InlineData(-1)]
    [InlineData(short.MinValue)]
    [InlineData(ProtocolLimits.MaxColumns + 1)]
    [InlineData(short.MaxValue)]
    public void Column_count_outside_the_limit_is_a_protocol_violation(short count)
    {
        Assert.Throws<ProtocolViolationException>(() => Parse(new PayloadBuilder().Int16(count).ToArray()));
    }

    [Theory]
    [InlineData(ProtocolLimits.MaxColumns)]
    [InlineData(2)]
    public void Column_count_larger_than_the_columns_present_is_a_protocol_violation(short count)
    {
        PayloadBuilder payload = new PayloadBuilder().Int16(count);
        BackendMessages.AppendColumn(payload, "only", BackendMessages.TextOid);

        Assert.Throws<ProtocolViolationException>(() => Parse(payload.ToArray()));
    }

    [Fact]
    public void Column_cut_short_is_a_protocol_violation()
    {
        byte[] payload = BackendMessages.RowDescription(("systemid", BackendMessages.TextOid));

        Assert.Throws<ProtocolViolationException>(() => Parse(payload[..^1]));
    }

    [Fact]
    public void Bytes_after_the_last_column_are_a_protocol_violation()
    {
        byte[] payload = [.. BackendMessages.RowDescription(("systemid", BackendMessages.TextOid)), 0];

        Assert.Throws<ProtocolViolationException>(() => Parse(payload));
    }

    private static IReadOnlyList<ColumnDescription> Parse(byte[] payload) => RowDescription.Parse(Segments.Single(payload));
}
