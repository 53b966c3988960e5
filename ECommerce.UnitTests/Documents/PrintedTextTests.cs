extern alias documents;
using ECommerce.Contracts.Orders;
using documents::ECommerce.Documents.Rendering;

namespace ECommerce.UnitTests.Documents;

public sealed class PrintedTextTests
{
    private static string Drawn(string line) => string.Concat(PrintedText.VisualRuns(line).Select(run => run.Text));

    [Fact]
    public void ALeftToRightLineIsDrawnAsWritten()
    {
        Assert.Equal("12 St James's Square", Drawn("12 St James's Square"));
        Assert.Equal([new TextRun("Mug ", PrintFace.Latin), new TextRun("茶碗", PrintFace.Cjk)], PrintedText.VisualRuns("Mug 茶碗"));
    }

    [Fact]
    public void AHebrewLineIsDrawnFromTheRightWithItsNumbersKeptInTheirOrder()
    {
        // "Herzl Street 12", written right to left: drawn from the left, the number comes first, the words reversed.
        Assert.Equal("12 לצרה בוחר", Drawn("רחוב הרצל 12"));
        Assert.Equal("ביבא לת 6100000", Drawn("6100000 תל אביב"));
    }

    [Fact]
    public void HebrewInsideALatinLineIsReversedInPlace()
    {
        Assert.Equal("Café בוחר 7", Drawn("Café רחוב 7"));
        Assert.Equal(PrintFace.Hebrew, PrintedText.VisualRuns("Café רחוב 7")[1].Face);
    }

    [Fact]
    public void HebrewPointsStayWithTheirLetters()
    {
        // shin with its dot, then lamed: reversed as two characters, not three code points.
        Assert.Equal("ל\u05E9\u05C1", Drawn("\u05E9\u05C1ל"));
    }

    [Fact]
    public void LongTextWrapsAtSpacesAndLongWordsBetweenCharacters()
    {
        double Width(string text) => text.Length;

        Assert.Equal(["one two", "three"], PrintedText.Wrap("one two three", 8, Width));
        Assert.Equal(["abcd", "efgh", "ij"], PrintedText.Wrap("abcdefghij", 4, Width));
        Assert.Equal(["東京都", "港区"], PrintedText.Wrap("東京都港区", 3, Width));
    }
}
