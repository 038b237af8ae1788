namespace StandbyAgent.Replication.ServerConfiguration;

/// <summary>
/// PostgreSQL's configuration file scanner (guc-file.l) by hand: at each position every rule is
/// tried and the longest match wins, ties going to the rule listed first, as in flex. The text is
/// the file's bytes one char each (Latin-1), because the rules are byte rules: every byte from
/// 0x80 up counts as a letter.
/// </summary>
public sealed class ConfigurationLexer
{
    private readonly string _text;
    private int _position;
    private int _line = 1;
    private int _lineStart;

    public ConfigurationLexer(string text)
    {
        _text = text;
    }

    public ConfigurationToken Next()
    {
        SkipBlanksAndComment();
        if (_position == _text.Length)
        {
            return Token(ConfigurationTokenKind.EndOfFile, 0);
        }

        if (_text[_position] == '\n')
        {
            ConfigurationToken endOfLine = Token(ConfigurationTokenKind.EndOfLine, 1);
            _position++;
            _line++;
            _lineStart = _position;
            return endOfLine;
        }

        (ConfigurationTokenKind kind, int length) = LongestMatch(_position);
        ConfigurationToken token = Token(kind, length);
        _position += length;
        return token;
    }

    private ConfigurationToken Token(ConfigurationTokenKind kind, int length) =>
        new(kind, _position, length, _line, _position - _lineStart + 1);

    /// <summary>[ \t\r]+ and #.* are eaten; nothing else is blank (a form feed is an error).</summary>
    private void SkipBlanksAndComment()
    {
        while (_position < _text.Length && _text[_position] is ' ' or '\t' or '\r')
        {
            _position++;
        }

        if (_position < _text.Length && _text[_position] == '#')
        {
            while (_position < _text.Length && _text[_position] != '\n')
            {
                _position++;
            }
        }
    }

    private (ConfigurationTokenKind Kind, int Length) LongestMatch(int at)
    {
        (ConfigurationTokenKind Kind, int Length) best = (ConfigurationTokenKind.Error, 1);
        int bestLength = 0;
        Consider(ConfigurationTokenKind.Name, MatchName(at));
        Consider(ConfigurationTokenKind.QualifiedName, MatchQualifiedName(at));
        Consider(ConfigurationTokenKind.QuotedString, MatchQuotedString(at));
        Consider(ConfigurationTokenKind.UnquotedString, MatchUnquotedString(at));
        Consider(ConfigurationTokenKind.Integer, MatchInteger(at));
        Consider(ConfigurationTokenKind.Real, MatchReal(at));
        Consider(ConfigurationTokenKind.Equals, _text[at] == '=' ? 1 : 0);
        return best;

        // Strictly longer only: an equally long match of a later rule loses, as in flex.
        void Consider(ConfigurationTokenKind kind, int length)
        {
            if (length > bestLength)
            {
                bestLength = length;
                best = (kind, length);
            }
        }
    }

    /// <summary>ID: {LETTER}{LETTER_OR_DIGIT}*</summary>
    private int MatchName(int at)
    {
        if (!IsLetter(CharAt(at)))
        {
            return 0;
        }

        int end = at + 1;
        while (IsLetterOrDigit(CharAt(end)))
        {
            end++;
        }

        return end - at;
    }

    /// <summary>QUALIFIED_ID: {ID}"."{ID}</summary>
    private int MatchQualifiedName(int at)
    {
        int first = MatchName(at);
        if (first == 0 || CharAt(at + first) != '.')
        {
            return 0;
        }

        int second = MatchName(at + first + 1);
        return second == 0 ? 0 : first + 1 + second;
    }

    /// <summary>
    /// STRING: \'([^'\\\n]|\\.|\'\')*\' — the longest such run: a quote followed by another
    /// is taken as a doubled quote, but if the string cannot be closed later, the match ends at
    /// the last quote that could have closed it.
    /// </summary>
    private int MatchQuotedString(int at)
    {
        if (CharAt(at) != '\'')
        {
            return 0;
        }

        int longest = 0;
        int i = at + 1;
        while (i < _text.Length)
        {
            char c = _text[i];
            if (c == '\'')
            {
                longest = i + 1 - at;
                if (CharAt(i + 1) != '\'')
                {
                    return longest;
                }

                i += 2;
            }
            else if (c == '\\')
            {
                if (i + 1 == _text.Length || _text[i + 1] == '\n')
                {
                    break;
                }

                i += 2;
            }
            else if (c == '\n')
            {
                break;
            }
            else
            {
                i++;
            }
        }

        return longest;
    }

    /// <summary>UNQUOTED_STRING: {LETTER}({LETTER_OR_DIGIT}|[-._:/])*</summary>
    private int MatchUnquotedString(int at)
    {
        if (!IsLetter(CharAt(at)))
        {
            return 0;
        }

        int end = at + 1;
        while (IsLetterOrDigit(CharAt(end)) || CharAt(end) is '-' or '.' or '_' or ':' or '/')
        {
            end++;
        }

        return end - at;
    }

    /// <summary>INTEGER: {SIGN}?({DIGIT}+|0x{HEXDIGIT}+){UNIT_LETTER}*</summary>
    private int MatchInteger(int at)
    {
        int digitsStart = at + (CharAt(at) is '-' or '+' ? 1 : 0);
        int decimalEnd = digitsStart;
        while (char.IsAsciiDigit(CharAt(decimalEnd)))
        {
            decimalEnd++;
        }

        int hexEnd = digitsStart;
        if (CharAt(digitsStart) == '0' && CharAt(digitsStart + 1) == 'x' && char.IsAsciiHexDigit(CharAt(digitsStart + 2)))
        {
            hexEnd = digitsStart + 2;
            while (char.IsAsciiHexDigit(CharAt(hexEnd)))
            {
                hexEnd++;
            }
        }

        int longest = 0;
        foreach (int numberEnd in (ReadOnlySpan<int>)[decimalEnd, hexEnd])
        {
            if (numberEnd > digitsStart)
            {
                int end = numberEnd;
                while (char.IsAsciiLetter(CharAt(end)))
                {
                    end++;
                }

                longest = Math.Max(longest, end - at);
            }
        }

        return longest;
    }

    /// <summary>REAL: {SIGN}?{DIGIT}*"."{DIGIT}*{EXPONENT}?, where EXPONENT is [Ee]{SIGN}?{DIGIT}+.</summary>
    private int MatchReal(int at)
    {
        int i = at + (CharAt(at) is '-' or '+' ? 1 : 0);
        while (char.IsAsciiDigit(CharAt(i)))
        {
            i++;
        }

        if (CharAt(i) != '.')
        {
            return 0;
        }

        i++;
        while (char.IsAsciiDigit(CharAt(i)))
        {
            i++;
        }

        if (CharAt(i) is 'e' or 'E')
        {
            int exponent = i + 1 + (CharAt(i + 1) is '-' or '+' ? 1 : 0);
            if (char.IsAsciiDigit(CharAt(exponent)))
            {
                i = exponent;
                while (char.IsAsciiDigit(CharAt(i)))
                {
                    i++;
                }
            }
        }

        return i - at;
    }

    /// <summary>NUL past the end: no rule matches it.</summary>
    private char CharAt(int index) => index < _text.Length ? _text[index] : '\0';

    /// <summary>LETTER: [A-Za-z_\200-\377]</summary>
    private static bool IsLetter(char c) => char.IsAsciiLetter(c) || c == '_' || c is >= '\u0080' and <= '\u00FF';

    private static bool IsLetterOrDigit(char c) => IsLetter(c) || char.IsAsciiDigit(c);
}
