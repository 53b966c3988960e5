using System.Buffers.Binary;
using NetVips;

namespace ECommerce.UnitTests.Thumbnails;

/// <summary>Images to feed the thumbnail function: photo-like ones, and the broken and hostile kinds uploads bring.</summary>
internal static class TestImages
{
    /// <summary>A noisy gradient, which compresses like a photograph.</summary>
    public static byte[] Jpeg(int width, int height) => Photo(width, height, image => image.JpegsaveBuffer(q: 90));

    public static byte[] Png(int width, int height) => Photo(width, height, image => image.PngsaveBuffer());

    private static byte[] Photo(int width, int height, Func<Image, byte[]> save)
    {
        using var gradient = Image.Xyz(width, height);
        // Mild noise: a 4000×3000 photo stays around 2 MB, under the upload limit of 5 MB.
        using var noise = Image.Gaussnoise(width, height, sigma: 6);
        using var red = gradient[0] * (255.0 / width) + noise;
        using var green = gradient[1] * (255.0 / height) + noise;
        using var blue = noise + 128;
        using var rgb = red.Bandjoin(green, blue).Cast(Enums.BandFormat.Uchar).Copy(interpretation: Enums.Interpretation.Srgb);
        return save(rgb);
    }

    /// <summary>The first half of a real JPEG: the header is fine, the picture breaks off.</summary>
    public static byte[] TruncatedJpeg() => Jpeg(1200, 900) is var whole ? whole[..(whole.Length / 2)] : [];

    /// <summary>A valid PNG header that claims 50,000 × 50,000 pixels (7.5 GB decoded) in a file of a few bytes.</summary>
    public static byte[] DecompressionBombPng()
    {
        byte[] png = [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A, 0, 0, 0, 13, .. "IHDR"u8, 0, 0, 0, 0, 0, 0, 0, 0, 8, 2, 0, 0, 0, 0, 0, 0, 0];
        BinaryPrimitives.WriteInt32BigEndian(png.AsSpan(16), 50_000);
        BinaryPrimitives.WriteInt32BigEndian(png.AsSpan(20), 50_000);
        BinaryPrimitives.WriteUInt32BigEndian(png.AsSpan(29), Crc32(png.AsSpan(12, 17)));
        // A header alone is "IEND out of place" to the PNG loader: one (empty, compressed) data chunk makes the file well-formed.
        byte[] idat = [0, 0, 0, 8, .. "IDAT"u8, 0x78, 0x9C, 0x03, 0x00, 0x00, 0x00, 0x00, 0x01, 0, 0, 0, 0];
        BinaryPrimitives.WriteUInt32BigEndian(idat.AsSpan(16), Crc32(idat.AsSpan(4, 12)));
        return [.. png[..33], .. idat, 0, 0, 0, 0, .. "IEND"u8, 0xAE, 0x42, 0x60, 0x82];
    }

    // PNG's chunk checksum (CRC-32/ISO-HDLC), so the header is valid and only its claim is hostile.
    private static uint Crc32(ReadOnlySpan<byte> bytes)
    {
        var crc = 0xFFFFFFFFu;
        foreach (var b in bytes)
        {
            crc ^= b;
            for (var bit = 0; bit < 8; bit++)
            {
                crc = (crc & 1) != 0 ? (crc >> 1) ^ 0xEDB88320u : crc >> 1;
            }
        }
        return ~crc;
    }

    /// <summary>An SVG with a script, named like a photo.</summary>
    public static byte[] Svg() => "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"4000\" height=\"3000\"><script>alert(1)</script></svg>"u8.ToArray();

    public static (int Width, int Height) SizeOf(byte[] image)
    {
        using var decoded = Image.NewFromBuffer(image, failOn: Enums.FailOn.Error);
        using var pixels = decoded.CopyMemory();
        return (pixels.Width, pixels.Height);
    }
}
