using ZXing.OneD;

namespace ECommerce.Documents.Rendering;

/// <summary>
/// A Code 128 barcode as bars to draw: ZXing encodes the modules (choosing code sets, adding the check symbol), this
/// turns them into rectangles across a given width with the quiet zone scanners need on each side.
/// </summary>
public static class Code128
{
    /// <summary>Scanners want at least ten modules of white before and after the symbol.</summary>
    public const int QuietZoneModules = 10;

    public static IReadOnlyList<(double X, double Width)> Bars(string contents, double x, double width)
    {
        var modules = new Code128Writer().encode(contents);
        var moduleWidth = width / (modules.Length + 2 * QuietZoneModules);
        var bars = new List<(double, double)>();
        for (var start = 0; start < modules.Length; start++)
        {
            if (!modules[start])
            {
                continue;
            }
            var end = start;
            while (end + 1 < modules.Length && modules[end + 1])
            {
                end++;
            }
            bars.Add((x + (QuietZoneModules + start) * moduleWidth, (end - start + 1) * moduleWidth));
            start = end;
        }
        return bars;
    }
}
