using System.Diagnostics;
using NetVips;

namespace ECommerce.Thumbnails.Function;

/// <summary>An upload no thumbnail can be made of: not a JPEG, PNG or WebP, broken, too big, or too slow to decode.</summary>
public sealed class UnusableImageException(string reason) : Exception(reason);

public sealed record Thumbnail(int Width, int Height, byte[] Webp);

/// <summary>
/// WebP thumbnails of an untrusted image with libvips (NetVips), chosen by measurement (eng/bench-images.sh): it
/// decodes JPEGs at a reduced scale (shrink-on-load) and streams the rest, so a 12-megapixel photo costs a fraction
/// of a full decode. Only the JPEG, PNG and WebP loaders may run; the header is read and the picture's size checked
/// before any pixel is decoded; truncated or corrupt data is an error, never a half-grey picture; and the decoding is
/// killed when it runs past the time limit.
/// </summary>
public sealed class ThumbnailMaker(ImageLimits limits)
{
    /// <summary>A height no image reaches: libvips then fits the width alone.</summary>
    private const int AnyHeight = 10_000_000;

    private const int WebpQuality = 80;

    private static readonly string[] AllowedLoaders = ["VipsForeignLoadJpeg", "VipsForeignLoadPng", "VipsForeignLoadWebp"];

    /// <summary>Process-wide libvips settings, once, before the first image.</summary>
    public static void Initialize()
    {
        // Every loader off, then the three the shop accepts back on: an upload renamed .jpg that is really an SVG,
        // a PDF or a TIFF never reaches those parsers.
        NetVips.NetVips.BlockUntrusted = true;
        Operation.Block("VipsForeignLoad", true);
        foreach (var loader in AllowedLoaders)
        {
            Operation.Block(loader, false);
        }
        // Each image is read once: caching operations would only hold memory.
        Cache.Max = 0;
    }

    /// <summary>One thumbnail per width, never wider than the original (a small image is not enlarged).</summary>
    public IReadOnlyList<Thumbnail> Make(byte[] image, IReadOnlyList<int> widths, CancellationToken cancellationToken)
    {
        CheckHeader(image);
        var started = Stopwatch.GetTimestamp();
        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        deadline.CancelAfter(limits.Timeout);
        // The timer kills a decode that runs long; the clock decides afterwards, since a busy thread pool can fire the timer late.
        bool TimedOut() => deadline.IsCancellationRequested || Stopwatch.GetElapsedTime(started) > limits.Timeout;
        try
        {
            var ordered = widths.OrderDescending().ToList();
            // The loader's own fail_on: thumbnail's parameter of that name does not reach a shrink-on-load JPEG decode.
            using var largest = Image.ThumbnailBuffer(image, ordered[0], optionString: "fail_on=truncated", height: AnyHeight, size: Enums.Size.Down);
            // Decoding happens when pixels are asked for; a kill stops it at the next tile (one set before the
            // decode starts is cleared by libvips, hence the check after it too).
            largest.SetProgress(true);
            using var kill = deadline.Token.Register(() => largest.SetKill(true));
            using var pixels = largest.CopyMemory();
            cancellationToken.ThrowIfCancellationRequested();
            if (TimedOut())
            {
                throw new VipsException("killed");
            }
            var thumbnails = new List<Thumbnail> { Encode(pixels) };
            foreach (var width in ordered.Skip(1))
            {
                using var smaller = pixels.ThumbnailImage(width, height: AnyHeight, size: Enums.Size.Down);
                thumbnails.Add(Encode(smaller));
            }
            return thumbnails.OrderBy(t => t.Width).ToList();
        }
        catch (VipsException exception)
        {
            // The invocation's deadline is not the image's fault: the message is to come again.
            cancellationToken.ThrowIfCancellationRequested();
            throw new UnusableImageException(TimedOut()
                ? $"decoding took longer than {limits.Timeout.TotalSeconds:0.##} s"
                : $"the image cannot be decoded: {Reason(exception.Message)}");
        }
    }

    private void CheckHeader(byte[] image)
    {
        if (image.Length > limits.MaxBytes)
        {
            throw new UnusableImageException($"{image.Length} bytes is more than the {limits.MaxBytes} allowed");
        }
        int width, height;
        try
        {
            // Loaders are lazy: this parses the header only.
            using var header = Image.NewFromBuffer(image, access: Enums.Access.Sequential);
            (width, height) = (header.Width, header.Height);
        }
        catch (VipsException exception)
        {
            throw new UnusableImageException($"not a JPEG, PNG or WebP image: {Reason(exception.Message)}");
        }
        if (width > limits.MaxSide || height > limits.MaxSide || (long)width * height > limits.MaxPixels)
        {
            throw new UnusableImageException($"{width}×{height} pixels is more than the {limits.MaxPixels} (and {limits.MaxSide} a side) allowed");
        }
    }

    private static Thumbnail Encode(Image image) =>
        new(image.Width, image.Height, image.WebpsaveBuffer(q: WebpQuality, keep: Enums.ForeignKeep.None));

    // libvips puts the operation first and the cause on the lines after it.
    private static string Reason(string message) =>
        string.Join(": ", message.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).Take(3));
}
