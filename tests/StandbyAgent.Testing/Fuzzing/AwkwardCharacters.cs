namespace StandbyAgent.Testing.Fuzzing;

/// <summary>
/// Characters that a text grammar gives no meaning but that naive code mishandles: NUL, controls,
/// white space that is not C's isspace, non-ASCII letters and digits (which char.IsDigit and
/// culture-aware parsing accept), line and paragraph separators, a bidi override, the byte-order
/// mark and the replacement character.
/// </summary>
public static class AwkwardCharacters
{
    public const string All = "\0\u0001\t\n\v\f\r \u007F\u0085\u00A0\u00E9\u0663\uFF10\uFF21\u2028\u2029\u202E\uFEFF\uFFFD";
}
