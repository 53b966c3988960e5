using System.Globalization;

namespace ECommerce.Thumbnails.Function;

/// <summary>
/// What an uploaded image may cost before it is refused: its size in bytes, its pixels (checked from the header,
/// before anything is decoded: a small file can claim a huge picture) and the time to make its thumbnails.
/// From <c>THUMBNAIL_MAX_BYTES</c>, <c>THUMBNAIL_MAX_PIXELS</c> and <c>THUMBNAIL_TIMEOUT_SECONDS</c>.
/// </summary>
public sealed record ImageLimits(long MaxBytes, long MaxPixels, int MaxSide, TimeSpan Timeout)
{
    public static readonly ImageLimits Default = new(MaxBytes: 20 * 1024 * 1024, MaxPixels: 40_000_000, MaxSide: 16_384, Timeout: TimeSpan.FromSeconds(10));

    public static ImageLimits FromEnvironment() => new(
        Number("THUMBNAIL_MAX_BYTES") ?? Default.MaxBytes,
        Number("THUMBNAIL_MAX_PIXELS") ?? Default.MaxPixels,
        Default.MaxSide,
        Number("THUMBNAIL_TIMEOUT_SECONDS") is { } seconds ? TimeSpan.FromSeconds(seconds) : Default.Timeout);

    private static long? Number(string name) =>
        long.TryParse(Environment.GetEnvironmentVariable(name), NumberStyles.None, CultureInfo.InvariantCulture, out var value) && value > 0 ? value : null;
}
