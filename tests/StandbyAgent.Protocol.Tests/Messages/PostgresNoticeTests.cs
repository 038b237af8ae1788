using System.Text;
using StandbyAgent.Protocol.Framing;
using StandbyAgent.Protocol.Messages;
using StandbyAgent.Protocol.Tests.Support;
using StandbyAgent.Testing.Wire;

namespace StandbyAgent.Protocol.Tests.Messages;

public sealed class PostgresNoticeTests
{
    [Fact]
    public void Displayed_fields_are_read()
    {
        byte[] payload = BackendMessages.Notice(
            ('S', "FATAL"), ('V', "FATAL"), ('C', "28P01"), ('M', "password authentication failed for user \"rep\""),
            ('D', "Connection matched file \"pg_hba.conf\" line 99"), ('H', "Check the password."));

        PostgresNotice notice = Parse(payload);

        Assert.Equal(
            new PostgresNotice("FATAL", "28P01", "password authentication failed for user \"rep\"", "Connection matched file \"pg_hba.conf\" line 99", "Check the password."),
            notice);
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public void Non_localized_severity_V_is_preferred_over_localized_S_in_either_order(bool severityFirst)
    {
        (char, string) localized = ('S', "FEHLER");
        (char, string) nonLocalized = ('V', "ERROR");

        PostgresNotice notice = Parse(BackendMessages.Notice(severityFirst ? [localized, nonLocalized] : [nonLocalized, localized]));

        Assert.Equal("ERROR", notice.Severity);
    }

    [Fact]
    public void Localized_severity_is_used_when_the_server_sends_no_V_field()
    {
        Assert.Equal("FEHLER", Parse(BackendMessages.Notice(('S', "FEHLER"), ('M', "m"))).Severity);
    }

    [Fact]
    public void Missing_fields_get_placeholders()
    {
        PostgresNotice notice = Parse(BackendMessages.Notice());

        Assert.Equal(new PostgresNotice("ERROR", "", "(no message)", null, null), notice);
    }

    [Fact]
    public void Unknown_and_undisplayed_fields_are_ignored()
    {
        byte[] payload = BackendMessages.Notice(
            ('P', "12"), ('W', "while streaming"), ('F', "walsender.c"), ('L', "123"), ('R', "WalSndLoop"),
            ('s', "public"), ('q', "query"), ('\u00FF', "vendor field"), ('M', "kept"), ('C', "XX000"));

        PostgresNotice notice = Parse(payload);

        Assert.Equal(new PostgresNotice("ERROR", "XX000", "kept", null, null), notice);
    }

    [Theory]
    [InlineData("")]
    [InlineData("SERROR\0")]
    [InlineData("SERROR\0M")]
    [InlineData("Mno terminator at all")]
    [InlineData("M")]
    public void Missing_terminator_is_a_protocol_violation(string payload)
    {
        Assert.Throws<ProtocolViolationException>(() => Parse(Encoding.UTF8.GetBytes(payload)));
    }

    [Fact]
    public void Bytes_after_the_terminator_are_a_protocol_violation()
    {
        byte[] payload = [.. BackendMessages.Notice(('M', "m")), (byte)'M'];

        Assert.Throws<ProtocolViolationException>(() => Parse(payload));
    }

    [Fact]
    public void Violation_names_the_message_it_came_from()
    {
        ProtocolViolationException error = Assert.Throws<ProtocolViolationException>(
            () => PostgresNotice.Parse(Segments.Single("M"u8.ToArray()), "NoticeResponse"));

        Assert.Contains("NoticeResponse", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Control_characters_are_replaced_by_spaces_in_every_field()
    {
        const string dirty = "a\nb\rc\u001B[31md\u0007e\u0085f\u009Bg\th\u007Fi";
        const string clean = "a b c [31md e f g h i";

        PostgresNotice notice = Parse(BackendMessages.Notice(('V', dirty), ('C', dirty), ('M', dirty), ('D', dirty), ('H', dirty)));

        Assert.Equal(new PostgresNotice(clean, clean, clean, clean, clean), notice);
    }

    [Theory]
    [InlineData(ProtocolLimits.MaxDisplayedServerText, false)]
    [InlineData(ProtocolLimits.MaxDisplayedServerText + 1, true)]
    [InlineData(200_000, true)]
    public void Text_longer_than_the_display_limit_is_cut_and_marked(int length, bool cut)
    {
        string text = new('x', length);

        PostgresNotice notice = Parse(BackendMessages.Notice(('M', text), ('D', text), ('H', text)));

        string expected = cut ? new string('x', ProtocolLimits.MaxDisplayedServerText) + "..." : text;
        Assert.Equal((expected, expected, expected), (notice.Message, notice.Detail, notice.Hint));
    }

    [Fact]
    public void Invalid_utf8_is_replaced_rather_than_rejected()
    {
        byte[] payload = new PayloadBuilder().Byte((byte)'M').Bytes([0x62, 0x61, 0x64, 0xC3, 0x28, 0xFE]).Byte(0).Byte(0).ToArray();

        Assert.Equal("bad\uFFFD(\uFFFD", Parse(payload).Message);
    }

    [Theory]
    [InlineData("28P01", "d", "h", "FATAL: m (SQLSTATE 28P01) DETAIL: d HINT: h")]
    [InlineData("", null, null, "FATAL: m")]
    [InlineData("57P01", null, "h", "FATAL: m (SQLSTATE 57P01) HINT: h")]
    public void Display_text_shows_severity_message_sqlstate_detail_and_hint(string sqlState, string? detail, string? hint, string expected)
    {
        Assert.Equal(expected, new PostgresNotice("FATAL", sqlState, "m", detail, hint).ToString());
    }

    private static PostgresNotice Parse(byte[] payload) => PostgresNotice.Parse(Segments.Single(payload), "ErrorResponse");
}
