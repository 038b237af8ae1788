"""Generates StringPrepTables.cs and NfkcTables.cs data for StandbyAgent (run with Python 3.11: Unicode 14.0.0)."""
import stringprep, sys, unicodedata as ud

def is_surrogate(c):
    return 0xD800 <= c <= 0xDFFF

def is_hangul_syllable(c):
    return 0xAC00 <= c <= 0xD7A3

def ranges(pred):
    out, start = [], None
    for c in range(0x110001):
        inside = c < 0x110000 and pred(c)
        if inside and start is None:
            start = c
        if not inside and start is not None:
            out.append((start, c - 1))
            start = None
    return out

def table(pred):
    return lambda c: not is_surrogate(c) and pred(chr(c))

def hx(c):
    return '0x%04X' % c

def pack(records, indent=8, width=120):
    lines, line = [], ''
    for rec in records:
        text = ', '.join(rec) + ','
        if line and len(' ' * indent + line + ' ' + text) > width:
            lines.append(' ' * indent + line)
            line = text
        else:
            line = text if not line else line + ' ' + text
    if line:
        lines.append(' ' * indent + line)
    lines[-1] = lines[-1].rstrip(',')
    return '\n'.join(lines)

def range_property(doc, name, rs):
    return f'''    /// <summary>{doc}</summary>
    public static ReadOnlySpan<int> {name} =>
    [
{pack([(hx(a), hx(b)) for a, b in rs])}
    ];
'''

sp = stringprep
prohibited = [sp.in_table_c12, sp.in_table_c21, sp.in_table_c22, sp.in_table_c3, sp.in_table_c4,
              sp.in_table_c6, sp.in_table_c7, sp.in_table_c8, sp.in_table_c9]
props = [
    ('C.1.2, non-ASCII space characters, which SASLprep maps to U+0020.', 'NonAsciiSpaces', ranges(table(sp.in_table_c12))),
    ('B.1, characters commonly mapped to nothing.', 'CommonlyMappedToNothing', ranges(table(sp.in_table_b1))),
    ('SASLprep\'s prohibited output: C.1.2, C.2.1, C.2.2, C.3, C.4, C.5, C.6, C.7, C.8 and C.9.', 'Prohibited',
     ranges(lambda c: is_surrogate(c) or any(f(chr(c)) for f in prohibited))),
    ('A.1, code points unassigned in Unicode 3.2.', 'UnassignedInUnicode32', ranges(table(sp.in_table_a1))),
    ('D.1, characters with bidirectional property R or AL.', 'RandALCat', ranges(table(sp.in_table_d1))),
    ('D.2, characters with bidirectional property L.', 'LCat', ranges(table(sp.in_table_d2))),
]
with open(sys.argv[1], 'w') as f:
    f.write('''namespace StandbyAgent.Protocol.Authentication;

/// <summary>
/// The stringprep (RFC 3454) tables that SASLprep (RFC 4013) uses, as sorted, merged, inclusive
/// code-point ranges for <see cref="CodePointRanges"/>.
/// </summary>
/// <remarks>
/// Generated from Python's stringprep module (which encodes the RFC's tables over Unicode 3.2);
/// the same sets as PostgreSQL's src/common/saslprep.c. Edit by regenerating, not by hand.
/// </remarks>
internal static class StringPrepTables
{
''')
    f.write('\n'.join(range_property(*p) for p in props))
    f.write('}\n')

# NFKC data
decompositions, classes, compositions = [], [], []
for c in range(0x110000):
    if is_surrogate(c) or is_hangul_syllable(c):
        continue
    ch = chr(c)
    d = ud.normalize('NFKD', ch)
    if d != ch:
        decompositions.append([hx(c), str(len(d))] + [hx(ord(x)) for x in d])
    dc = ud.decomposition(ch)
    if dc and not dc.startswith('<'):
        parts = [int(p, 16) for p in dc.split()]
        if len(parts) == 2 and ud.normalize('NFC', ch) == ch:
            compositions.append((parts[0], parts[1], c))
run = None
for c in range(0x110001):
    k = ud.combining(chr(c)) if c < 0x110000 and not is_surrogate(c) else 0
    if run and run[1] == c - 1 and run[2] == k:
        run[1] = c
        continue
    if run:
        classes.append(run)
    run = [c, c, k] if k else None
compositions.sort()
with open(sys.argv[2], 'w') as f:
    f.write(f'''namespace StandbyAgent.Protocol.Authentication;

/// <summary>The Unicode {ud.unidata_version} data that <see cref="NfkcNormalizer"/> needs.</summary>
/// <remarks>
/// Generated from Python 3.11's unicodedata module; Hangul syllables are left out because they
/// decompose and compose by formula. The version matters little here: SASLprep only normalizes
/// characters assigned in Unicode 3.2, whose normal forms Unicode's stability policy keeps fixed.
/// Edit by regenerating, not by hand.
/// </remarks>
internal static class NfkcTables
{{
    /// <summary>
    /// Every code point's full compatibility decomposition (its NFKD form) when that differs from
    /// the code point itself, as records: code point, length, the decomposition. Sorted.
    /// </summary>
    public static ReadOnlySpan<int> Decompositions =>
    [
{pack(decompositions)}
    ];

    /// <summary>
    /// The nonzero canonical combining classes, as inclusive ranges: first, last. Sorted.
    /// <see cref="CombiningClassValues"/> holds the class of each range.
    /// </summary>
    public static ReadOnlySpan<int> CombiningClassRanges =>
    [
{pack([(hx(a), hx(b)) for a, b, k in classes])}
    ];

    /// <summary>The canonical combining class of each range in <see cref="CombiningClassRanges"/>.</summary>
    public static ReadOnlySpan<byte> CombiningClassValues =>
    [
{pack([(str(k),) for a, b, k in classes])}
    ];

    /// <summary>
    /// The canonical compositions that NFC and NFKC apply (composition exclusions and non-starter
    /// decompositions left out), as records: first, second, composite. Sorted.
    /// </summary>
    public static ReadOnlySpan<int> Compositions =>
    [
{pack([(hx(a), hx(b), hx(c)) for a, b, c in compositions])}
    ];
}}
''')
print(len(decompositions), len(classes), len(compositions))
