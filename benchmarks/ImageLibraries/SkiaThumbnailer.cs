using System.Runtime.InteropServices;
using SkiaSharp;

namespace ECommerce.Benchmarks.ImageLibraries;

/// <summary>
/// Skia through SkiaSharp: <see cref="SKCodec"/> reads the header, decodes JPEG scaled by libjpeg-turbo's DCT scaling
/// (eighths) to the smallest size at or above the target, then <see cref="SKBitmap.ScalePixels(SKBitmap, SKSamplingOptions)"/>
/// resizes and Skia's libwebp encodes.
/// </summary>
internal sealed class SkiaThumbnailer : Thumbnailer
{
    public override string Name => "SkiaSharp";
    public override string Versions => $"SkiaSharp {Library.VersionOf(typeof(SKCodec))} + Skia m{SkiaSharpVersion.Native.Major}";
    public override string Licences => "SkiaSharp MIT; Skia BSD-3-Clause (native, bundled)";
    public override string Settings => $"SKCodec scaled decode (≥ {Margin}× target), 2×2 box halving + Mitchell cubic, single-threaded";

    /// <summary>Skia has no wide resampling filter to spend a margin on (see <see cref="Resize"/>), so it decodes straight to the target.</summary>
    protected override int DefaultDecodeMargin => 1;

    public override void Load() => _ = SkiaSharpVersion.Native;

    protected override (int Width, int Height) ReadHeader(byte[] input)
    {
        var pinned = GCHandle.Alloc(input, GCHandleType.Pinned);
        try
        {
            using var data = SKData.Create(pinned.AddrOfPinnedObject(), input.Length);
            using var codec = SKCodec.Create(data) ?? throw new RefusedImageException("not an image SKCodec reads");
            return (codec.Info.Width, codec.Info.Height);
        }
        finally
        {
            pinned.Free();
        }
    }

    protected override (byte[] Small, byte[] Large) Thumbnail(byte[] input, int width, int height)
    {
        // Pinned and wrapped rather than copied: SKData.CreateCopy would add a memcpy of the whole upload.
        var pinned = GCHandle.Alloc(input, GCHandleType.Pinned);
        try
        {
            using var data = SKData.Create(pinned.AddrOfPinnedObject(), input.Length);
            using var codec = SKCodec.Create(data) ?? throw new InvalidDataException("not an image SKCodec reads");
            var decodedSize = ScaledSize(codec, DecodeWidthAtLeast(width));
            var alpha = codec.Info.AlphaType == SKAlphaType.Opaque ? SKAlphaType.Opaque : SKAlphaType.Premul;
            var decodedInfo = new SKImageInfo(decodedSize.Width, decodedSize.Height, SKImageInfo.PlatformColorType, alpha);
            using var decoded = new SKBitmap(decodedInfo);
            var result = codec.GetPixels(decodedInfo, decoded.GetPixels());
            if (result != SKCodecResult.Success)
            {
                // IncompleteInput still fills the missing rows; a truncated upload is refused, not thumbnailed.
                throw new InvalidDataException($"SKCodec.GetPixels: {result}");
            }

            using var large = Resize(decoded, LargeWidth);
            using var small = Resize(large, SmallWidth);
            return (Encode(small), Encode(large));
        }
        finally
        {
            pinned.Free();
        }
    }

    /// <summary>The smallest size the codec decodes to directly that is at least <paramref name="minWidth"/> wide.</summary>
    private static SKSizeI ScaledSize(SKCodec codec, int minWidth)
    {
        // GetScaledDimensions rounds to the nearest supported scale, which may fall below the target, so the eighths
        // libjpeg-turbo supports are tried from the smallest up. Other formats return the full size for every scale.
        for (var eighths = 1; eighths < 8; eighths++)
        {
            var size = codec.GetScaledDimensions(eighths / 8f);
            if (size.Width >= minWidth)
            {
                return size;
            }
        }
        return codec.Info.Size;
    }

    /// <summary>
    /// Skia's cubic filter does not widen when it shrinks, so beyond about 2× it aliases, and mipmaps (trilinear) cost
    /// three times a cubic pass here and are softer. So: halve with the linear filter, which at exactly 2× is a 2×2 box
    /// average, while the result stays at or above the target, then one Mitchell cubic pass for the last factor (under 2).
    /// </summary>
    private static SKBitmap Resize(SKBitmap source, int width)
    {
        var current = source;
        try
        {
            while (current.Width / 2 >= width)
            {
                var half = Scale(current, current.Width / 2, current.Height / 2, new SKSamplingOptions(SKFilterMode.Linear));
                if (current != source)
                {
                    current.Dispose();
                }
                current = half;
            }
            var height = Math.Max(1, (int)Math.Round((double)source.Height * width / source.Width));
            return Scale(current, width, height, new SKSamplingOptions(SKCubicResampler.Mitchell));
        }
        finally
        {
            if (current != source)
            {
                current.Dispose();
            }
        }
    }

    private static SKBitmap Scale(SKBitmap source, int width, int height, SKSamplingOptions sampling)
    {
        var target = new SKBitmap(source.Info.WithSize(width, height));
        if (!source.ScalePixels(target, sampling))
        {
            target.Dispose();
            throw new InvalidOperationException($"ScalePixels to {width}×{height} failed");
        }
        return target;
    }

    private static byte[] Encode(SKBitmap bitmap)
    {
        using var data = bitmap.Encode(SKEncodedImageFormat.Webp, WebpQuality) ?? throw new InvalidOperationException("WebP encoding failed");
        return data.ToArray();
    }

    public override (int Width, int Height) DecodeWebp(byte[] webp)
    {
        using var bitmap = SKBitmap.Decode(webp) ?? throw new InvalidDataException("SkiaSharp could not decode its own WebP");
        return (bitmap.Width, bitmap.Height);
    }

    public override byte[] EncodeSource(byte[] rgb, int width, int height, SourceFormat format)
    {
        // Skia has no 3-byte pixel format: RGB888x carries a fourth, ignored byte.
        var rgbx = new byte[width * height * 4];
        for (int source = 0, target = 0; source < rgb.Length; source += 3, target += 4)
        {
            rgbx[target] = rgb[source];
            rgbx[target + 1] = rgb[source + 1];
            rgbx[target + 2] = rgb[source + 2];
        }
        var info = new SKImageInfo(width, height, SKColorType.Rgb888x, SKAlphaType.Opaque);
        using var image = SKImage.FromPixelCopy(info, rgbx) ?? throw new InvalidOperationException("SKImage.FromPixelCopy failed");
        using var data = image.Encode(format == SourceFormat.Jpeg ? SKEncodedImageFormat.Jpeg : SKEncodedImageFormat.Png, 90);
        return data.ToArray();
    }
}
