using ECommerce.Contracts.Orders;
using PdfSharp.Drawing;
using PdfSharp.Pdf;

namespace ECommerce.Documents.Rendering;

public enum Align
{
    Left,
    Right,
}

/// <summary>A column of a table row: where it starts, how wide it is, and its text (wrapped when it does not fit).</summary>
public sealed record Cell(double X, double Width, string Text, Align Align = Align.Left, bool Bold = false);

/// <summary>
/// Writes a document top to bottom: text in the typefaces its scripts need, wrapped to the width it is given, with
/// a new page whenever the next block would not fit. Positions are in points from the top-left margin corner.
/// </summary>
public sealed class PageWriter : IDisposable
{
    private readonly PdfDocument _document;
    private readonly XSize _pageSize;
    private readonly double _margin;
    private readonly Dictionary<(PrintFace, double, bool), XFont> _fonts = [];
    private XGraphics _graphics;

    public PageWriter(PdfDocument document, XSize pageSize, double margin)
    {
        _document = document;
        _pageSize = pageSize;
        _margin = margin;
        _graphics = NewPage();
    }

    public double Width => _pageSize.Width - 2 * _margin;

    /// <summary>How far down the page the next block goes.</summary>
    public double Y { get; set; }

    public static double LineHeight(double size) => size * 1.35;

    /// <summary>Writes <paramref name="text"/> wrapped to <paramref name="width"/>, and moves below it.</summary>
    public void Text(string text, double size, bool bold = false, double x = 0, double? width = null, Align align = Align.Left)
    {
        var lines = WrapLines(text, width ?? Width - x, size, bold);
        EnsureRoom(lines.Count * LineHeight(size));
        foreach (var line in lines)
        {
            DrawLine(line, x, width ?? Width - x, size, bold, align);
            Y += LineHeight(size);
        }
    }

    /// <summary>A table row: each cell wrapped in its column; the row is as tall as its tallest cell.</summary>
    public void Row(double size, params Cell[] cells)
    {
        var wrapped = cells.Select(cell => (cell, Lines: WrapLines(cell.Text, cell.Width, size, cell.Bold))).ToList();
        var height = wrapped.Max(c => c.Lines.Count) * LineHeight(size);
        EnsureRoom(height);
        foreach (var (cell, lines) in wrapped)
        {
            for (var i = 0; i < lines.Count; i++)
            {
                DrawLine(lines[i], cell.X, cell.Width, size, cell.Bold, cell.Align, Y + i * LineHeight(size));
            }
        }
        Y += height;
    }

    public void Rule(double thickness = 0.5)
    {
        EnsureRoom(6);
        Y += 2;
        _graphics.DrawLine(new XPen(XColors.Black, thickness), _margin, _margin + Y, _margin + Width, _margin + Y);
        Y += 4;
    }

    public void Space(double points) => Y += points;

    /// <summary>Filled rectangles (a barcode's bars), each at its X across, from the current <see cref="Y"/> down.</summary>
    public void Bars(IEnumerable<(double X, double Width)> bars, double height)
    {
        EnsureRoom(height);
        foreach (var (x, width) in bars)
        {
            _graphics.DrawRectangle(XBrushes.Black, _margin + x, _margin + Y, width, height);
        }
        Y += height;
    }

    public double MeasureWidth(string text, double size, bool bold = false) =>
        PrintedText.VisualRuns(text).Sum(run => _graphics.MeasureString(run.Text, Font(run.Face, size, bold)).Width);

    public void Dispose() => _graphics.Dispose();

    private IReadOnlyList<string> WrapLines(string text, double width, double size, bool bold) =>
        PrintedText.Wrap(text, width, candidate => MeasureWidth(candidate, size, bold));

    private void DrawLine(string line, double x, double width, double size, bool bold, Align align, double? y = null)
    {
        var left = _margin + x + (align == Align.Right ? width - MeasureWidth(line, size, bold) : 0);
        var baseline = _margin + (y ?? Y) + size;
        foreach (var run in PrintedText.VisualRuns(line))
        {
            var font = Font(run.Face, size, bold);
            _graphics.DrawString(run.Text, font, XBrushes.Black, left, baseline);
            left += _graphics.MeasureString(run.Text, font).Width;
        }
    }

    private void EnsureRoom(double height)
    {
        if (Y > 0 && _margin + Y + height > _pageSize.Height - _margin)
        {
            _graphics.Dispose();
            _graphics = NewPage();
        }
    }

    private XGraphics NewPage()
    {
        var page = _document.AddPage();
        page.Width = XUnit.FromPoint(_pageSize.Width);
        page.Height = XUnit.FromPoint(_pageSize.Height);
        Y = 0;
        return XGraphics.FromPdfPage(page);
    }

    private XFont Font(PrintFace face, double size, bool bold)
    {
        if (!_fonts.TryGetValue((face, size, bold), out var font))
        {
            font = new XFont(DocumentFonts.FamilyOf(face), size, bold ? XFontStyleEx.Bold : XFontStyleEx.Regular);
            _fonts[(face, size, bold)] = font;
        }
        return font;
    }
}
