namespace ECommerce.Benchmarks.ImageLibraries;

/// <summary>Both WebP thumbnails of one source image, and the source's pixel size as its header stated it.</summary>
internal sealed record ThumbnailPair(int SourceWidth, int SourceHeight, byte[] Small, byte[] Large);

/// <summary>An input that the header check turned away before any pixel was decoded.</summary>
internal sealed class RefusedImageException(string message) : Exception(message);

/// <summary>
/// One library's whole path for an uploaded product image: read the header only, refuse anything over
/// <see cref="MaxPixels"/>, decode once (scaled while decoding where the format allows it), make the 480 px thumbnail,
/// make the 160 px one from it, encode both as WebP. Every library follows the same plan, so the figures compare
/// libraries rather than plans.
/// </summary>
internal abstract class Thumbnailer
{
    /// <summary>40 megapixels: larger than any camera upload we expect, far below what a decompression bomb claims.</summary>
    public const long MaxPixels = 40_000_000;
    public const int SmallWidth = 160;
    public const int LargeWidth = 480;
    public const int WebpQuality = 80;

    /// <summary>
    /// Overrides <see cref="DefaultDecodeMargin"/> for the libraries that take one (--decode-margin), to see what it
    /// costs or saves.
    /// </summary>
    public int? DecodeMargin { get; init; }

    /// <summary>
    /// How far above the large thumbnail's width a scaled (JPEG DCT) decode stops, as the library is best used: with a
    /// wide resampling filter after it, a margin of 2 keeps detail that a decode straight to the target size would
    /// blur away (libvips' shrink-on-load always keeps it); without one it only costs time.
    /// </summary>
    protected virtual int DefaultDecodeMargin => 2;

    protected int Margin => DecodeMargin ?? DefaultDecodeMargin;

    public abstract string Name { get; }
    public abstract string Versions { get; }
    public abstract string Licences { get; }
    /// <summary>The settings that matter for the comparison, printed beside the figures.</summary>
    public abstract string Settings { get; }

    public ThumbnailPair Make(byte[] input)
    {
        var (width, height) = ReadHeader(input);
        if (width <= 0 || height <= 0)
        {
            throw new RefusedImageException($"header states {width}×{height}");
        }
        if ((long)width * height > MaxPixels)
        {
            throw new RefusedImageException($"header states {width}×{height} = {(long)width * height / 1e6:0.#} MP, over {MaxPixels / 1e6:0} MP");
        }
        var (small, large) = Thumbnail(input, width, height);
        return new ThumbnailPair(width, height, small, large);
    }

    /// <summary>The pixel size from the header alone; nothing is decoded.</summary>
    protected abstract (int Width, int Height) ReadHeader(byte[] input);

    /// <summary>Decode, resize to <see cref="LargeWidth"/> then from that to <see cref="SmallWidth"/>, encode both.</summary>
    protected abstract (byte[] Small, byte[] Large) Thumbnail(byte[] input, int width, int height);

    /// <summary>Decodes a WebP fully with this library and returns its size, to check the output.</summary>
    public abstract (int Width, int Height) DecodeWebp(byte[] webp);

    /// <summary>Encodes the synthetic source pixels (8-bit RGB, no padding) as JPEG or PNG.</summary>
    public abstract byte[] EncodeSource(byte[] rgb, int width, int height, SourceFormat format);

    /// <summary>Touches the native library so that a missing or unloadable one fails here, not in the middle of a run.</summary>
    public abstract void Load();

    /// <summary>The smallest decoded width that still leaves <see cref="Margin"/> for the final resample.</summary>
    protected int DecodeWidthAtLeast(int sourceWidth) => Math.Min(sourceWidth, LargeWidth * Margin);
}

internal enum SourceFormat
{
    Jpeg,
    Png,
}
