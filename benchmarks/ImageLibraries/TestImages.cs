namespace ECommerce.Benchmarks.ImageLibraries;

/// <summary>
/// The inputs, made here so that every run sees the same pixels without shipping images: a studio product shot
/// (lit sweep, soft shadow, a textured product with anti-aliased edges, sensor grain so it compresses like a photo),
/// and hostile uploads.
/// </summary>
internal static class TestImages
{
    /// <summary>8-bit RGB, rows without padding. Deterministic for a seed; <paramref name="grain"/> in 8-bit levels.</summary>
    public static byte[] ProductShot(int width, int height, int seed, double grain)
    {
        var rgb = new byte[width * height * 3];
        var scale = Math.Min(width, height);
        Parallel.For(0, height, y =>
        {
            var v = (y + 0.5) / height;
            for (var x = 0; x < width; x++)
            {
                var u = (x + 0.5) / width;
                // Sweep: warm light grey paper, darker towards the floor and the corners, with slow uneven light.
                var corner = (u - 0.5) * (u - 0.5) + (v - 0.45) * (v - 0.45);
                var light = 0.93 - 0.16 * v - 0.4 * corner + 0.04 * Fbm(x / (scale * 0.25), y / (scale * 0.25), seed, 3)
                    + 0.02 * Fbm(x / 4.0, y / 4.0, seed + 11, 2);
                double r = light, g = light - 0.012, b = light - 0.045;

                // Soft contact shadow under the product.
                var sx = (u - 0.52) / 0.30;
                var sy = (v - 0.85) / 0.045;
                var shadow = 1 - 0.45 * Math.Exp(-(sx * sx + sy * sy));
                r *= shadow;
                g *= shadow;
                b *= shadow;

                // The product: a rounded body in woven red, lit from the top left, its edge anti-aliased over a pixel.
                var dx = (u - 0.5) / 0.26;
                var dy = (v - 0.5) / 0.34;
                var d = Math.Sqrt(dx * dx + dy * dy * dy * dy);
                var cover = Math.Clamp((1 - d) * 0.26 * width + 0.5, 0, 1);
                if (cover > 0)
                {
                    var lit = 0.5 + 0.5 * Math.Clamp(1 - ((dx + 0.5) * (dx + 0.5) + (dy + 0.6) * (dy + 0.6)) / 3, 0, 1);
                    var weave = 0.5 + 0.5 * Math.Sin(x * 0.9) * Math.Sin(y * 0.9);
                    var texture = 0.6 * Fbm(x / 18.0, y / 18.0, seed + 7, 4) + 0.25 * weave;
                    var seam = Math.Abs(dy + 0.2) < 0.004 ? 0.6 : 1.0;
                    var pr = (0.62 + 0.12 * texture) * lit * seam;
                    var pg = (0.12 + 0.05 * texture) * lit * seam;
                    var pb = (0.10 + 0.04 * texture) * lit * seam;
                    r += (pr - r) * cover;
                    g += (pg - g) * cover;
                    b += (pb - b) * cover;
                }

                var at = (y * width + x) * 3;
                rgb[at] = ToByte(r * 255 + grain * Grain(x, y, seed + 1));
                rgb[at + 1] = ToByte(g * 255 + grain * Grain(x, y, seed + 2));
                rgb[at + 2] = ToByte(b * 255 + grain * Grain(x, y, seed + 3));
            }
        });
        return rgb;
    }

    /// <summary>The first half of a file, as an upload cut off mid-transfer.</summary>
    public static byte[] Truncated(byte[] image) => image.AsSpan(0, image.Length / 2).ToArray();

    private static byte ToByte(double value) => (byte)Math.Clamp(Math.Round(value), 0, 255);

    /// <summary>Fractal value noise in about [-1, 1].</summary>
    private static double Fbm(double x, double y, int seed, int octaves)
    {
        double sum = 0, amplitude = 0.5;
        for (var octave = 0; octave < octaves; octave++)
        {
            sum += amplitude * ValueNoise(x, y, seed + octave);
            x *= 2;
            y *= 2;
            amplitude *= 0.5;
        }
        return sum * 2;
    }

    private static double ValueNoise(double x, double y, int seed)
    {
        var ix = (int)Math.Floor(x);
        var iy = (int)Math.Floor(y);
        var fx = x - ix;
        var fy = y - iy;
        fx = fx * fx * (3 - 2 * fx);
        fy = fy * fy * (3 - 2 * fy);
        var top = Lerp(Hash(ix, iy, seed), Hash(ix + 1, iy, seed), fx);
        var bottom = Lerp(Hash(ix, iy + 1, seed), Hash(ix + 1, iy + 1, seed), fx);
        return Lerp(top, bottom, fy) * 2 - 1;
    }

    /// <summary>Triangular noise in [-1, 1] (standard deviation about 0.41), different for every pixel.</summary>
    private static double Grain(int x, int y, int seed) => Hash(x, y, seed) + Hash(x, y, seed + 101) - 1;

    private static double Lerp(double a, double b, double t) => a + (b - a) * t;

    /// <summary>A uniform value in [0, 1) for a lattice point.</summary>
    private static double Hash(int x, int y, int seed)
    {
        var h = unchecked((uint)x * 374761393u + (uint)y * 668265263u + (uint)seed * 2246822519u);
        h = unchecked((h ^ (h >> 13)) * 1274126177u);
        h ^= h >> 16;
        return h / 4294967296.0;
    }
}
