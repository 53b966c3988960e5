using System.Collections.Concurrent;
using ECommerce.Contracts.Orders;
using PdfSharp.Fonts;

namespace ECommerce.Documents.Rendering;

/// <summary>
/// PDFsharp's font resolver over the fonts shipped in <c>Fonts/</c> (PDFsharp has no system fonts on Linux without
/// GDI). One family per <see cref="PrintFace"/>; the CJK font has no bold face, so bold is simulated.
/// </summary>
public sealed class DocumentFonts : IFontResolver
{
    private static readonly Lock Gate = new();
    private static bool _registered;

    private readonly string _directory;
    private readonly ConcurrentDictionary<string, byte[]> _faces = new();

    private DocumentFonts(string directory) => _directory = directory;

    /// <summary>PDFsharp keeps one resolver per process, fixed once the first font is used: set it once, before any document.</summary>
    public static void Register()
    {
        lock (Gate)
        {
            if (!_registered)
            {
                GlobalFontSettings.FontResolver = new DocumentFonts(Path.Combine(AppContext.BaseDirectory, "Fonts"));
                _registered = true;
            }
        }
    }

    public static string FamilyOf(PrintFace face) => face switch
    {
        PrintFace.Hebrew => "Noto Sans Hebrew",
        PrintFace.Cjk => "Droid Sans Fallback",
        _ => "Noto Sans",
    };

    public FontResolverInfo? ResolveTypeface(string familyName, bool bold, bool italic) => familyName switch
    {
        "Noto Sans" => new FontResolverInfo(bold ? "NotoSans-Bold" : "NotoSans-Regular", false, italic),
        "Noto Sans Hebrew" => new FontResolverInfo(bold ? "NotoSansHebrew-Bold" : "NotoSansHebrew-Regular", false, italic),
        "Droid Sans Fallback" => new FontResolverInfo("DroidSansFallbackFull", bold, italic),
        _ => null,
    };

    public byte[]? GetFont(string faceName) =>
        _faces.GetOrAdd(faceName, name => File.ReadAllBytes(Path.Combine(_directory, name + ".ttf")));
}
