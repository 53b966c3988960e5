using System.Buffers;
using System.Text;

namespace ECommerce.Contracts.Orders;

/// <summary>The writing systems an order document can print, each with the typeface that has its glyphs.</summary>
public enum PrintFace
{
    /// <summary>Latin (with accents and Vietnamese), Greek, Cyrillic, digits and punctuation.</summary>
    Latin,

    /// <summary>Hebrew, written right to left.</summary>
    Hebrew,

    /// <summary>Chinese and Japanese (Han and kana).</summary>
    Cjk,
}

/// <summary>
/// Which characters the shop accepts in names and addresses: exactly those its documents can print as text. The
/// orders service refuses anything else at placement, so a label never shows a missing glyph. Arabic is not among
/// them yet: printing it needs contextual shaping, which the document renderer does not do. Nor is Korean: the
/// shipped CJK font has no Hangul syllables.
/// </summary>
public static class PrintableText
{
    private static readonly (int First, int Last, PrintFace Face)[] Ranges =
    [
        (0x0020, 0x007E, PrintFace.Latin),
        (0x00A0, 0x024F, PrintFace.Latin),
        (0x0300, 0x036F, PrintFace.Latin),
        (0x0370, 0x03FF, PrintFace.Latin),
        (0x0400, 0x052F, PrintFace.Latin),
        (0x0591, 0x05C7, PrintFace.Hebrew),
        (0x05D0, 0x05EA, PrintFace.Hebrew),
        (0x05F0, 0x05F4, PrintFace.Hebrew),
        (0x1E00, 0x1EFF, PrintFace.Latin),
        (0x2010, 0x2027, PrintFace.Latin),
        (0x2030, 0x205E, PrintFace.Latin),
        (0x20A0, 0x20BF, PrintFace.Latin),
        (0x3000, 0x3003, PrintFace.Cjk),
        (0x3005, 0x3007, PrintFace.Cjk),
        (0x300A, 0x3019, PrintFace.Cjk),
        (0x3041, 0x3094, PrintFace.Cjk),
        (0x30A0, 0x30FE, PrintFace.Cjk),
        (0x3400, 0x4DB5, PrintFace.Cjk),
        (0x4E00, 0x9FA5, PrintFace.Cjk),
        (0xFF01, 0xFF5E, PrintFace.Cjk),
    ];

    public static PrintFace? FaceOf(Rune rune)
    {
        foreach (var (first, last, face) in Ranges)
        {
            if (rune.Value >= first && rune.Value <= last)
            {
                return face;
            }
        }
        return null;
    }

    /// <summary>True when every character of <paramref name="text"/> can be printed: well-formed UTF-16, assigned, in a printable range.</summary>
    public static bool IsPrintable(string text)
    {
        var index = 0;
        while (index < text.Length)
        {
            if (Rune.DecodeFromUtf16(text.AsSpan(index), out var rune, out var consumed) != OperationStatus.Done || FaceOf(rune) is null
                || Rune.GetUnicodeCategory(rune) == System.Globalization.UnicodeCategory.OtherNotAssigned)
            {
                return false;
            }
            index += consumed;
        }
        return true;
    }

    /// <summary>Right-to-left letters (Hebrew) decide how a line is laid out.</summary>
    public static bool IsRightToLeft(Rune rune) => FaceOf(rune) == PrintFace.Hebrew && Rune.IsLetter(rune);
}
