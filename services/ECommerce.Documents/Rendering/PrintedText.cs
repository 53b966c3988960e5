using System.Globalization;
using System.Text;
using ECommerce.Contracts.Orders;

namespace ECommerce.Documents.Rendering;

/// <summary>A piece of a line in one typeface, in drawing order.</summary>
public sealed record TextRun(string Text, PrintFace Face);

/// <summary>
/// Lays text out for a PDF, which draws glyphs left to right and knows nothing of scripts: splits a line into runs of
/// one typeface, puts right-to-left (Hebrew) runs in visual order, and wraps long text at spaces (or between
/// characters, for CJK and for words wider than the line) so nothing is cut off.
/// </summary>
public static class PrintedText
{
    /// <summary>The runs of <paramref name="line"/> in the order they are drawn from the left.</summary>
    public static IReadOnlyList<TextRun> VisualRuns(string line)
    {
        var clusters = Clusters(line);
        var kinds = clusters.Select(KindOf).ToArray();
        // The line's direction is its first letter's (as in the Unicode bidirectional algorithm; digits do not count).
        var baseRightToLeft = kinds.FirstOrDefault(k => k is Kind.RightToLeft or Kind.LeftToRight) == Kind.RightToLeft;
        // Digits keep their own order, but next to neutrals they side with the line: "12" in a Hebrew line is right-to-left context.
        bool? Side(Kind kind) => kind switch
        {
            Kind.RightToLeft => true,
            Kind.LeftToRight => false,
            Kind.Digit => baseRightToLeft,
            _ => null,
        };
        var resolved = new bool[clusters.Count];
        for (var i = 0; i < clusters.Count; i++)
        {
            // A neutral (space, punctuation) between two runs of one direction belongs to them; else to the line's.
            var before = kinds.Take(i).Select(Side).LastOrDefault(d => d is not null) ?? baseRightToLeft;
            var after = kinds.Skip(i + 1).Select(Side).FirstOrDefault(d => d is not null) ?? baseRightToLeft;
            resolved[i] = kinds[i] switch
            {
                Kind.Digit => false,
                Kind.Neutral => before == after ? before : baseRightToLeft,
                var kind => kind == Kind.RightToLeft,
            };
        }

        var directional = new List<(bool RightToLeft, List<string> Clusters)>();
        for (var i = 0; i < clusters.Count; i++)
        {
            if (directional.Count == 0 || directional[^1].RightToLeft != resolved[i])
            {
                directional.Add((resolved[i], []));
            }
            directional[^1].Clusters.Add(clusters[i]);
        }
        if (baseRightToLeft)
        {
            directional.Reverse();
        }

        var runs = new List<TextRun>();
        foreach (var (rightToLeft, pieces) in directional)
        {
            foreach (var cluster in rightToLeft ? Enumerable.Reverse(pieces) : pieces)
            {
                var face = PrintableText.FaceOf(cluster.EnumerateRunes().First()) ?? PrintFace.Latin;
                if (runs.Count > 0 && runs[^1].Face == face)
                {
                    runs[^1] = runs[^1] with { Text = runs[^1].Text + cluster };
                }
                else
                {
                    runs.Add(new TextRun(cluster, face));
                }
            }
        }
        return runs;
    }

    /// <summary>Lines of <paramref name="text"/> no wider than <paramref name="width"/> by <paramref name="measure"/>.</summary>
    public static IReadOnlyList<string> Wrap(string text, double width, Func<string, double> measure)
    {
        var lines = new List<string>();
        var current = "";
        foreach (var word in text.Split(' ', StringSplitOptions.RemoveEmptyEntries))
        {
            var candidate = current.Length == 0 ? word : current + " " + word;
            if (measure(candidate) <= width)
            {
                current = candidate;
                continue;
            }
            if (current.Length > 0)
            {
                lines.Add(current);
            }
            current = "";
            foreach (var cluster in Clusters(word))
            {
                if (current.Length > 0 && measure(current + cluster) > width)
                {
                    lines.Add(current);
                    current = "";
                }
                current += cluster;
            }
        }
        if (current.Length > 0 || lines.Count == 0)
        {
            lines.Add(current);
        }
        return lines;
    }

    // A character with the combining marks that follow it (Hebrew points, accents): reordering keeps them together.
    private static List<string> Clusters(string text)
    {
        var clusters = new List<string>();
        foreach (var rune in text.EnumerateRunes())
        {
            var mark = Rune.GetUnicodeCategory(rune) is UnicodeCategory.NonSpacingMark or UnicodeCategory.SpacingCombiningMark;
            if (mark && clusters.Count > 0)
            {
                clusters[^1] += rune.ToString();
            }
            else
            {
                clusters.Add(rune.ToString());
            }
        }
        return clusters;
    }

    private enum Kind
    {
        LeftToRight,
        RightToLeft,
        Digit,
        Neutral,
    }

    private static Kind KindOf(string cluster)
    {
        var rune = cluster.EnumerateRunes().First();
        return PrintableText.IsRightToLeft(rune) ? Kind.RightToLeft
            : Rune.IsDigit(rune) ? Kind.Digit
            : Rune.IsLetter(rune) ? Kind.LeftToRight
            : Kind.Neutral;
    }
}
