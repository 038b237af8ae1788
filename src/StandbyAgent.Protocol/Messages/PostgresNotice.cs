using System.Buffers;
using System.Text;
using StandbyAgent.Protocol.Framing;

namespace StandbyAgent.Protocol.Messages;

/// <summary>
/// The fields of an ErrorResponse or NoticeResponse. Text from the server is untrusted: it is
/// capped in length and stripped of control characters before it can reach a log or a terminal.
/// </summary>
public sealed record PostgresNotice(
    string Severity,
    string SqlState,
    string Message,
    string? Detail,
    string? Hint)
{
    // Field type bytes of ErrorResponse / NoticeResponse; the relay writes the first four.
    public const byte SeverityField = (byte)'S';
    public const byte SeverityNonLocalizedField = (byte)'V';
    public const byte SqlStateField = (byte)'C';
    public const byte MessageField = (byte)'M';
    private const byte DetailField = (byte)'D';
    private const byte HintField = (byte)'H';

    /// <summary>SQLSTATE 57P01: the server is shutting down or an administrator ended the session.</summary>
    public const string AdminShutdown = "57P01";

    /// <summary>SQLSTATE 42710: the object (a replication slot) already exists.</summary>
    public const string DuplicateObject = "42710";

    /// <summary>SQLSTATE 42704: the object (a replication slot) does not exist.</summary>
    public const string UndefinedObject = "42704";

    /// <summary>SQLSTATE 58P01: a file the server needs does not exist (TIMELINE_HISTORY).</summary>
    public const string UndefinedFile = "58P01";

    /// <summary>SQLSTATE 28P01: password authentication failed.</summary>
    public const string InvalidPassword = "28P01";

    /// <summary>SQLSTATE 55006: object in use (a slot active for another PID).</summary>
    public const string ObjectInUse = "55006";

    public static PostgresNotice Parse(ReadOnlySequence<byte> payload, string messageName)
    {
        var reader = new PayloadReader(payload, messageName);
        string? severity = null, severityNonLocalized = null, sqlState = null, message = null, detail = null, hint = null;
        while (true)
        {
            byte field = reader.ReadByte();
            if (field == 0)
            {
                break;
            }

            string value = reader.ReadCString();
            switch (field)
            {
                case SeverityField: severity = value; break;
                case SeverityNonLocalizedField: severityNonLocalized = value; break;
                case SqlStateField: sqlState = value; break;
                case MessageField: message = value; break;
                case DetailField: detail = value; break;
                case HintField: hint = value; break;
                default: break; // Position, where, file, line and routine are not shown.
            }
        }

        reader.EnsureEnd();
        return new PostgresNotice(
            Sanitize(severityNonLocalized ?? severity ?? "ERROR"),
            Sanitize(sqlState ?? string.Empty),
            Sanitize(message ?? "(no message)"),
            detail is null ? null : Sanitize(detail),
            hint is null ? null : Sanitize(hint));
    }

    /// <summary>"FATAL: message (SQLSTATE 28P01)", plus detail and hint when the server gave them.</summary>
    public override string ToString()
    {
        var text = new StringBuilder();
        text.Append(Severity).Append(": ").Append(Message);
        if (SqlState.Length > 0)
        {
            text.Append(" (SQLSTATE ").Append(SqlState).Append(')');
        }

        if (Detail is not null)
        {
            text.Append(" DETAIL: ").Append(Detail);
        }

        if (Hint is not null)
        {
            text.Append(" HINT: ").Append(Hint);
        }

        return text.ToString();
    }

    /// <summary>
    /// Keeps server text from rewriting a terminal or a log line: control, format (bidi overrides)
    /// and line-separator characters become spaces, and a cut never splits a surrogate pair.
    /// </summary>
    private static string Sanitize(string text)
    {
        int length = Math.Min(text.Length, ProtocolLimits.MaxDisplayedServerText);
        if (length < text.Length && char.IsHighSurrogate(text[length - 1]))
        {
            length--;
        }

        ReadOnlySpan<char> kept = text.AsSpan(0, length);
        var clean = new StringBuilder(kept.Length);
        foreach (char c in kept)
        {
            clean.Append(IsUnsafe(c) ? ' ' : c);
        }

        if (kept.Length < text.Length)
        {
            clean.Append("...");
        }

        return clean.ToString();
    }

    private static bool IsUnsafe(char c) =>
        char.IsControl(c) || char.GetUnicodeCategory(c) is System.Globalization.UnicodeCategory.Format
            or System.Globalization.UnicodeCategory.LineSeparator or System.Globalization.UnicodeCategory.ParagraphSeparator;
}
