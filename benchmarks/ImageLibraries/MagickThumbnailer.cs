using ImageMagick;
using ImageMagick.Formats;

namespace ECommerce.Benchmarks.ImageLibraries;

/// <summary>
/// ImageMagick through Magick.NET (Q8: 8 bits a channel, as the others): <see cref="MagickImageInfo"/> pings the
/// header, the JPEG coder decodes scaled to a <c>jpeg:size</c> hint, <c>Thumbnail</c> resizes and strips metadata.
/// </summary>
internal sealed class MagickThumbnailer : Thumbnailer
{
    public override string Name => "Magick.NET";
    public override string Versions => $"Magick.NET-Q8-x64 {Library.VersionOf(typeof(MagickImage))} + ImageMagick {ImageMagickVersion()}";
    public override string Licences => "Magick.NET Apache-2.0; ImageMagick licence (Apache-2.0 style; native, bundled)";
    public override string Settings => $"ping, jpeg:size hint (≥ {Margin}× target), Thumbnail (Lanczos), {ResourceLimits.Thread} thread";

    public override void Load()
    {
        // The x64 build has no OpenMP and already uses one thread; said explicitly so a future build cannot change it.
        ResourceLimits.Thread = 1;
        _ = MagickNET.Version;
    }

    protected override (int Width, int Height) ReadHeader(byte[] input)
    {
        var info = new MagickImageInfo(input);
        return ((int)info.Width, (int)info.Height);
    }

    protected override (byte[] Small, byte[] Large) Thumbnail(byte[] input, int width, int height)
    {
        var settings = new MagickReadSettings();
        var decodeWidth = DecodeWidthAtLeast(width);
        if (decodeWidth < width)
        {
            // Only the JPEG coder reads this; it picks the smallest DCT scale at or above the hint. Twice the thumbnail,
            // as ImageMagick's own advice goes, so that its Lanczos filter has detail to work with.
            settings.SetDefines(new JpegReadDefines { Size = new MagickGeometry((uint)decodeWidth, (uint)Math.Ceiling((double)height * decodeWidth / width)) });
        }

        using var image = new MagickImage();
        // A truncated JPEG is only a warning to ImageMagick (and the rest of the image grey); refused here instead.
        string? warning = null;
        image.Warning += (_, e) => warning ??= e.Message;
        image.Read(input, settings);
        if (warning is not null)
        {
            throw new InvalidDataException(warning);
        }

        image.Thumbnail(new MagickGeometry(LargeWidth, 0));
        image.Quality = WebpQuality;
        var large = image.ToByteArray(MagickFormat.WebP);
        image.Thumbnail(new MagickGeometry(SmallWidth, 0));
        return (image.ToByteArray(MagickFormat.WebP), large);
    }

    public override (int Width, int Height) DecodeWebp(byte[] webp)
    {
        using var image = new MagickImage(webp, MagickFormat.WebP);
        return ((int)image.Width, (int)image.Height);
    }

    public override byte[] EncodeSource(byte[] rgb, int width, int height, SourceFormat format)
    {
        using var image = new MagickImage();
        image.ReadPixels(rgb, new PixelReadSettings((uint)width, (uint)height, StorageType.Char, PixelMapping.RGB));
        image.Quality = 90;
        return image.ToByteArray(format == SourceFormat.Jpeg ? MagickFormat.Jpeg : MagickFormat.Png);
    }

    /// <summary>"ImageMagick 7.1.2-35 Q8 x86_64 …" → "7.1.2-35".</summary>
    private static string ImageMagickVersion()
    {
        var words = MagickNET.ImageMagickVersion.Split(' ');
        return words.Length > 1 ? words[1] : MagickNET.ImageMagickVersion;
    }
}
