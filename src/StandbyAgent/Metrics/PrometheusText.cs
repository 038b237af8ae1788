using System.Buffers;
using System.Globalization;
using System.Text;

namespace StandbyAgent.Metrics;

/// <summary>
/// Writes the Prometheus text exposition format (0.0.4) as UTF-8 straight into a buffer:
/// <c>name{label="value",...} value\n</c>, with label values escaped and numbers formatted in
/// place, so writing a series allocates nothing.
/// </summary>
internal static class PrometheusText
{
    private static readonly SearchValues<char> s_labelValueEscapes = SearchValues.Create("\\\"\n");

    public static void WriteSeries(ArrayBufferWriter<byte> output, ReadOnlySpan<byte> name, ReadOnlySpan<KeyValuePair<string, object?>> labels, long value)
    {
        WriteNameAndLabels(output, name, labels);
        WriteValue(output, value);
        output.Write("\n"u8);
    }

    public static void WriteSeries(ArrayBufferWriter<byte> output, ReadOnlySpan<byte> name, ReadOnlySpan<KeyValuePair<string, object?>> labels, double value)
    {
        WriteNameAndLabels(output, name, labels);
        WriteValue(output, value);
        output.Write("\n"u8);
    }

    public static void WriteValue(ArrayBufferWriter<byte> output, long value)
    {
        value.TryFormat(output.GetSpan(20), out int written, default, CultureInfo.InvariantCulture);
        output.Advance(written);
    }

    /// <summary>Shortest round-trip form; the special values spelled as Prometheus (Go) spells them.</summary>
    public static void WriteValue(ArrayBufferWriter<byte> output, double value)
    {
        if (double.IsNaN(value))
        {
            output.Write("NaN"u8);
        }
        else if (double.IsInfinity(value))
        {
            output.Write(value > 0 ? "+Inf"u8 : "-Inf"u8);
        }
        else
        {
            value.TryFormat(output.GetSpan(32), out int written, "R", CultureInfo.InvariantCulture);
            output.Advance(written);
        }
    }

    /// <summary>The text of a bucket bound or other float written into a label, as <see cref="WriteValue(ArrayBufferWriter{byte}, double)"/> writes it.</summary>
    public static string FormatValue(double value)
    {
        var text = new ArrayBufferWriter<byte>(32);
        WriteValue(text, value);
        return Encoding.UTF8.GetString(text.WrittenSpan);
    }

    /// <summary>The <c># HELP</c> (when there is help) and <c># TYPE</c> lines of a family; HELP escapes backslash and newline.</summary>
    public static byte[] Header(string name, string? help, string type)
    {
        if (string.IsNullOrEmpty(help))
        {
            return Encoding.UTF8.GetBytes($"# TYPE {name} {type}\n");
        }

        string escapedHelp = help.Replace("\\", "\\\\", StringComparison.Ordinal).Replace("\n", "\\n", StringComparison.Ordinal);
        return Encoding.UTF8.GetBytes($"# HELP {name} {escapedHelp}\n# TYPE {name} {type}\n");
    }

    private static void WriteNameAndLabels(ArrayBufferWriter<byte> output, ReadOnlySpan<byte> name, ReadOnlySpan<KeyValuePair<string, object?>> labels)
    {
        output.Write(name);
        if (labels.IsEmpty)
        {
            output.Write(" "u8);
            return;
        }

        output.Write("{"u8);
        for (int i = 0; i < labels.Length; i++)
        {
            if (i > 0)
            {
                output.Write(","u8);
            }

            WriteUtf8(output, labels[i].Key);
            output.Write("=\""u8);
            WriteLabelValue(output, labels[i].Value);
            output.Write("\""u8);
        }

        output.Write("} "u8);
    }

    private static void WriteLabelValue(ArrayBufferWriter<byte> output, object? value)
    {
        switch (value)
        {
            case null:
                return;
            case string text:
                WriteEscaped(output, text);
                return;
            case IUtf8SpanFormattable number when number.TryFormat(output.GetSpan(64), out int written, default, CultureInfo.InvariantCulture):
                output.Advance(written);
                return;
            default:
                WriteEscaped(output, Convert.ToString(value, CultureInfo.InvariantCulture) ?? string.Empty);
                return;
        }
    }

    private static void WriteEscaped(ArrayBufferWriter<byte> output, ReadOnlySpan<char> text)
    {
        while (true)
        {
            int special = text.IndexOfAny(s_labelValueEscapes);
            if (special < 0)
            {
                WriteUtf8(output, text);
                return;
            }

            WriteUtf8(output, text[..special]);
            output.Write(text[special] switch
            {
                '\\' => "\\\\"u8,
                '"' => "\\\""u8,
                _ => "\\n"u8,
            });
            text = text[(special + 1)..];
        }
    }

    private static void WriteUtf8(ArrayBufferWriter<byte> output, ReadOnlySpan<char> text)
    {
        int written = Encoding.UTF8.GetBytes(text, output.GetSpan(Encoding.UTF8.GetMaxByteCount(text.Length)));
        output.Advance(written);
    }
}
