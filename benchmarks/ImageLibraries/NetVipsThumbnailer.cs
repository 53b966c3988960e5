using NetVips;

namespace ECommerce.Benchmarks.ImageLibraries;

/// <summary>
/// libvips through NetVips: <c>thumbnail_buffer</c> picks the JPEG shrink-on-load factor itself (always leaving a factor
/// of two for its Lanczos resample), so <see cref="Thumbnailer.DecodeMargin"/> does not apply.
/// </summary>
internal sealed class NetVipsThumbnailer : Thumbnailer
{
    /// <summary>A height no image reaches: libvips then fits the width alone (its height defaults to the width otherwise).</summary>
    private const int AnyHeight = 10_000_000;

    /// <summary>
    /// Passed to the loader as an option string: <c>ThumbnailBuffer(failOn: FailOn.Truncated)</c> decodes the first
    /// half of a JPEG without complaint (NetVips 3.2.0, libvips 8.18.7), the loader option does refuse it.
    /// </summary>
    private const string LoaderOptions = "fail_on=truncated";

    /// <summary>Kept here so the delegate that native code calls outlives every call.</summary>
    private static readonly Log.LogDelegate IgnoreWarning = (_, _, _) => { };

    public override string Name => "NetVips";
    public override string Versions => $"NetVips {Library.VersionOf(typeof(Image))} + libvips {NetVips.NetVips.Version(0)}.{NetVips.NetVips.Version(1)}.{NetVips.NetVips.Version(2)}";
    public override string Licences => "NetVips MIT; libvips LGPL-3.0-or-later (native, bundled)";
    public override string Settings => "thumbnail_buffer (shrink-on-load, ≥ 2× target, Lanczos 3), operation cache off, concurrency 1";

    public override void Load()
    {
        // Each iteration repeats the same operations on the same buffer: with the cache on, libvips would hand back
        // earlier results instead of working. One worker per pipeline keeps it to the one thread the others get.
        Cache.Max = 0;
        NetVips.NetVips.Concurrency = 1;
        // Failures reach us as VipsException; libvips' own warnings about them would only interleave with the table.
        Log.SetLogHandler("VIPS", Enums.LogLevelFlags.Warning, IgnoreWarning);
    }

    protected override (int Width, int Height) ReadHeader(byte[] input)
    {
        // Loaders are lazy: this parses the header and decodes nothing.
        using var header = Image.NewFromBuffer(input, access: Enums.Access.Sequential);
        return (header.Width, header.Height);
    }

    protected override (byte[] Small, byte[] Large) Thumbnail(byte[] input, int width, int height)
    {
        using var large = Image.ThumbnailBuffer(input, LargeWidth, LoaderOptions, height: AnyHeight);
        // Held in memory because both the encoder and the second thumbnail read it; otherwise the pipeline, decode
        // included, would run twice (measured: 42 against 70 ms for the photo).
        using var largePixels = large.CopyMemory();
        var largeWebp = largePixels.WebpsaveBuffer(q: WebpQuality, keep: Enums.ForeignKeep.None);
        using var small = largePixels.ThumbnailImage(SmallWidth, height: AnyHeight);
        return (small.WebpsaveBuffer(q: WebpQuality, keep: Enums.ForeignKeep.None), largeWebp);
    }

    public override (int Width, int Height) DecodeWebp(byte[] webp)
    {
        using var image = Image.NewFromBuffer(webp, failOn: Enums.FailOn.Error);
        using var pixels = image.CopyMemory();
        return (pixels.Width, pixels.Height);
    }

    public override byte[] EncodeSource(byte[] rgb, int width, int height, SourceFormat format)
    {
        using var raw = Image.NewFromMemory(rgb, width, height, 3, Enums.BandFormat.Uchar);
        using var image = raw.Copy(interpretation: Enums.Interpretation.Srgb);
        return format == SourceFormat.Jpeg ? image.JpegsaveBuffer(q: 90) : image.PngsaveBuffer();
    }
}
