using System.Diagnostics;
using System.Runtime.InteropServices;

namespace ECommerce.Benchmarks.ImageLibraries;

/// <summary>
/// Product-image thumbnails with NetVips, SkiaSharp and Magick.NET side by side in one run: the same generated inputs,
/// the same plan (header check, one decode, 480 and 160 px WebP at quality 80), one thread each, every output decoded
/// again and checked, then hostile uploads. Exits non-zero if any output is wrong or a library fails on a valid input.
/// </summary>
public static class Program
{
    private const int Warmup = 3;

    private sealed record Input(string Name, byte[] Bytes);

    private sealed record Run(Thumbnailer Library, Input Input, Timings Timings, ThumbnailPair Output, double? PeakRiseMegabytes);

    public static int Main(string[] args)
    {
        if (!TryParse(args, out var iterations, out var decodeMargin, out var keep))
        {
            Console.Error.WriteLine("""
                usage: ImageLibraries [--iterations N] [--decode-margin 1|2] [--keep]
                  --iterations N      timed images per library and input, after 3 warm-up ones (default 20)
                  --decode-margin M   SkiaSharp's and Magick.NET's scaled JPEG decode stops at the smallest size ≥ M × 480 px
                                      (default: 1 for SkiaSharp, 2 for Magick.NET; libvips always keeps 2)
                  --keep              keep the inputs and each library's last thumbnails in the temporary folder
                """);
            return 2;
        }

        Console.WriteLine($"Product-image thumbnails: {Warmup} warm-up + {iterations} timed images per library and input, one thread, " +
            $"{Environment.ProcessorCount} cores, .NET {Environment.Version}, {RuntimeInformation.RuntimeIdentifier}");
        Console.WriteLine($"Per image: header check (refuse > {Thumbnailer.MaxPixels / 1_000_000} MP), decode, {Thumbnailer.LargeWidth} px and " +
            $"{Thumbnailer.SmallWidth} px wide WebP q{Thumbnailer.WebpQuality}, the 160 px made from the 480 px");
        Console.WriteLine();

        var libraries = Load([
            new NetVipsThumbnailer(),
            new SkiaThumbnailer { DecodeMargin = decodeMargin },
            new MagickThumbnailer { DecodeMargin = decodeMargin },
        ]);
        if (libraries.Count == 0)
        {
            Console.Error.WriteLine("ERROR: no library loaded; nothing to measure.");
            return 1;
        }

        var folder = Directory.CreateTempSubdirectory("ecommerce-bench-images-");
        var failed = false;
        try
        {
            var inputs = MakeInputs(libraries[0], folder);
            Console.WriteLine();

            var runs = new List<Run>();
            foreach (var input in inputs)
            {
                runs.AddRange(Measure(libraries, input, iterations, error =>
                {
                    Console.Error.WriteLine($"ERROR: {error}");
                    failed = true;
                }));
            }
            if (keep)
            {
                foreach (var run in runs)
                {
                    var stem = Path.Combine(folder.FullName, $"{Path.GetFileNameWithoutExtension(run.Input.Name)}.{run.Library.Name}");
                    File.WriteAllBytes($"{stem}.{Thumbnailer.SmallWidth}.webp", run.Output.Small);
                    File.WriteAllBytes($"{stem}.{Thumbnailer.LargeWidth}.webp", run.Output.Large);
                }
            }

            Console.WriteLine();
            failed |= !TryHostile(libraries, inputs[0].Bytes);
            Console.WriteLine();
            PrintTable(inputs, libraries, runs);
        }
        finally
        {
            if (keep)
            {
                Console.WriteLine($"\nKept: {folder.FullName}");
            }
            else
            {
                folder.Delete(recursive: true);
            }
        }

        if (failed)
        {
            Console.Error.WriteLine("\nFAILED: see the ERROR lines above.");
            return 1;
        }
        return 0;
    }

    private static bool TryParse(string[] args, out int iterations, out int? decodeMargin, out bool keep)
    {
        iterations = 20;
        decodeMargin = null;
        keep = false;
        for (var i = 0; i < args.Length; i++)
        {
            switch (args[i])
            {
                case "--iterations" when i + 1 < args.Length && int.TryParse(args[i + 1], out var count) && count > 0:
                    iterations = count;
                    i++;
                    break;
                case "--decode-margin" when i + 1 < args.Length && int.TryParse(args[i + 1], out var margin) && margin is 1 or 2:
                    decodeMargin = margin;
                    i++;
                    break;
                case "--keep":
                    keep = true;
                    break;
                default:
                    return false;
            }
        }
        return true;
    }

    /// <summary>The libraries whose native part loads here; for the others, the reason, and the run goes on without them.</summary>
    private static List<Thumbnailer> Load(Thumbnailer[] candidates)
    {
        var loaded = new List<Thumbnailer>();
        foreach (var library in candidates)
        {
            try
            {
                library.Load();
                Console.WriteLine($"{library.Name,-11} {library.Versions}");
                Console.WriteLine($"{"",-11} {library.Settings}");
                loaded.Add(library);
            }
            catch (Exception e)
            {
                Console.Error.WriteLine($"ERROR: {library.Name}: its native library did not load, so it is not measured: {Describe(e, chain: true)}");
            }
        }
        return loaded;
    }

    /// <summary>Synthesises the two uploads, encodes them with the first library that loaded, and writes them out.</summary>
    private static Input[] MakeInputs(Thumbnailer encoder, DirectoryInfo folder)
    {
        var clock = Stopwatch.StartNew();
        var photo = encoder.EncodeSource(TestImages.ProductShot(4000, 3000, seed: 1, grain: 11), 4000, 3000, SourceFormat.Jpeg);
        var png = encoder.EncodeSource(TestImages.ProductShot(1600, 1200, seed: 2, grain: 1.5), 1600, 1200, SourceFormat.Png);
        Input[] inputs = [new("photo-4000x3000.jpg", photo), new("product-1600x1200.png", png)];
        Console.WriteLine();
        foreach (var input in inputs)
        {
            var path = Path.Combine(folder.FullName, input.Name);
            File.WriteAllBytes(path, input.Bytes);
            Console.WriteLine($"Input {input.Name,-22} {input.Bytes.Length,10:N0} bytes ({input.Bytes.Length / 1048576.0:0.00} MiB)  {path}");
        }
        Console.WriteLine($"      (synthesised and encoded by {encoder.Name} in {clock.Elapsed.TotalSeconds:0.0} s, JPEG quality 90; deleted at the end unless --keep)");
        return inputs;
    }

    /// <summary>
    /// Warms each library up and checks its output, then times them interleaved (image i goes to each library in turn,
    /// starting one further along every round) so that load from elsewhere on the machine falls on all of them alike;
    /// then checks the last outputs again and takes each library's memory peak for one image on its own.
    /// </summary>
    private static List<Run> Measure(List<Thumbnailer> libraries, Input input, int iterations, Action<string> fail)
    {
        var outputs = new Dictionary<Thumbnailer, ThumbnailPair>();
        foreach (var library in libraries)
        {
            try
            {
                for (var i = 0; i < Warmup; i++)
                {
                    outputs[library] = library.Make(input.Bytes);
                }
                // Checked before timing so that a wrong path stops here rather than being measured.
                if (Verify(library, outputs[library]) is { } error)
                {
                    fail($"{library.Name} on {input.Name}: {error}");
                    outputs.Remove(library);
                }
            }
            catch (Exception e)
            {
                fail($"{library.Name} failed on {input.Name}: {Describe(e, chain: true)}");
                outputs.Remove(library);
            }
        }

        var ready = libraries.Where(outputs.ContainsKey).ToList();
        var milliseconds = ready.ToDictionary(library => library, _ => new double[iterations]);
        GC.Collect();
        for (var i = 0; i < iterations; i++)
        {
            for (var turn = 0; turn < ready.Count; turn++)
            {
                var library = ready[(i + turn) % ready.Count];
                if (!outputs.ContainsKey(library))
                {
                    continue;
                }
                try
                {
                    var start = Stopwatch.GetTimestamp();
                    outputs[library] = library.Make(input.Bytes);
                    milliseconds[library][i] = Stopwatch.GetElapsedTime(start).TotalMilliseconds;
                }
                catch (Exception e)
                {
                    fail($"{library.Name} failed on {input.Name} at image {i + 1}: {Describe(e, chain: true)}");
                    outputs.Remove(library);
                }
            }
        }

        var runs = new List<Run>();
        foreach (var library in ready.Where(outputs.ContainsKey))
        {
            var output = outputs[library];
            if (Verify(library, output) is { } error)
            {
                fail($"{library.Name} on {input.Name}: {error}");
                continue;
            }
            double? rise = null;
            try
            {
                var peak = PeakRss.Start();
                library.Make(input.Bytes);
                rise = peak.RiseMegabytes();
            }
            catch (Exception e)
            {
                fail($"{library.Name} failed on {input.Name} (memory probe): {Describe(e, chain: true)}");
            }

            var timings = new Timings(milliseconds[library]);
            Console.WriteLine($"{input.Name,-22} {library.Name,-11} min {timings.Min,6:0.0}  median {timings.Median,6:0.0}  p90 {timings.P90,6:0.0} ms/image  " +
                $"{timings.ThumbnailsPerSecond,5:0.0} thumbs/s  WebP {output.Small.Length,5:N0} + {output.Large.Length,6:N0} B  peak RSS +{PeakRss.Format(rise)}  outputs ok");
            runs.Add(new Run(library, input, timings, output, rise));
        }
        return runs;
    }

    /// <summary>Decodes both WebPs again with the same library: null if both have the right width and proportional height.</summary>
    private static string? Verify(Thumbnailer library, ThumbnailPair output)
    {
        foreach (var (webp, width) in new[] { (output.Small, Thumbnailer.SmallWidth), (output.Large, Thumbnailer.LargeWidth) })
        {
            if (webp.Length < 12 || webp[0] != 'R' || webp[1] != 'I' || webp[2] != 'F' || webp[3] != 'F' || webp[8] != 'W' || webp[9] != 'E' || webp[10] != 'B' || webp[11] != 'P')
            {
                return $"the {width} px output is not a WebP file";
            }
            var (actualWidth, actualHeight) = library.DecodeWebp(webp);
            var height = (double)output.SourceHeight * width / output.SourceWidth;
            if (actualWidth != width || Math.Abs(actualHeight - height) > 1)
            {
                return $"the {width} px thumbnail of {output.SourceWidth}×{output.SourceHeight} decodes as {actualWidth}×{actualHeight}, expected {width}×{height:0.#} (±1)";
            }
        }
        return null;
    }

    /// <summary>
    /// Uploads that must be refused without harm: the first half of the photo, and a PNG claiming 50000×50000 (7.5 GB
    /// decoded). False if the bomb got past a header check; a truncated file that a library accepts is reported.
    /// </summary>
    private static bool TryHostile(List<Thumbnailer> libraries, byte[] photo)
    {
        Console.WriteLine("Hostile uploads (each through the whole path above; must be refused, quickly, without a large allocation):");
        (string Name, byte[] Bytes, bool IsBomb)[] hostile =
        [
            ("truncated JPEG (first half)", TestImages.Truncated(photo), false),
            ("PNG claiming 50000×50000", ECommerce.UnitTests.Thumbnails.TestImages.DecompressionBombPng(), true),
        ];
        var ok = true;
        foreach (var library in libraries)
        {
            foreach (var (name, bytes, isBomb) in hostile)
            {
                GC.Collect();
                var peak = PeakRss.Start();
                var start = Stopwatch.GetTimestamp();
                string outcome;
                try
                {
                    var output = library.Make(bytes);
                    outcome = $"ACCEPTED: made {output.Small.Length:N0} + {output.Large.Length:N0} B of thumbnails";
                    if (isBomb)
                    {
                        ok = false;
                        outcome = "ERROR: " + outcome;
                    }
                }
                catch (RefusedImageException e)
                {
                    outcome = $"refused by the header check ({e.Message})";
                }
                catch (Exception e)
                {
                    outcome = $"refused while decoding: {Describe(e, chain: false)}";
                }
                var elapsed = Stopwatch.GetElapsedTime(start).TotalMilliseconds;
                Console.WriteLine($"  {library.Name,-11} {name,-28} {elapsed,7:0.0} ms  peak RSS +{PeakRss.Format(peak.RiseMegabytes()),-9} {outcome}");
            }
        }
        return ok;
    }

    private static void PrintTable(Input[] inputs, List<Thumbnailer> libraries, List<Run> runs)
    {
        Console.WriteLine("Side by side (median ms per image: header check, decode, both thumbnails, both WebPs; × = against the fastest;");
        Console.WriteLine("peak RSS = how far the resident set rose during one image, after freed memory was handed back):");
        Console.WriteLine($"  {"input",-22} {"library",-11} {"median",8} {"×",6} {"p90",8} {"thumbs/s",9} {"160 px B",9} {"480 px B",9} {"peak RSS",10}");
        foreach (var input in inputs)
        {
            var measured = runs.Where(run => run.Input == input).ToList();
            if (measured.Count == 0)
            {
                continue;
            }
            var fastest = measured.Min(run => run.Timings.Median);
            foreach (var run in measured.OrderBy(run => run.Timings.Median))
            {
                Console.WriteLine($"  {input.Name,-22} {run.Library.Name,-11} {run.Timings.Median,8:0.0} {run.Timings.Median / fastest,5:0.00}× {run.Timings.P90,8:0.0} " +
                    $"{run.Timings.ThumbnailsPerSecond,9:0.0} {run.Output.Small.Length,9:N0} {run.Output.Large.Length,9:N0} {"+" + PeakRss.Format(run.PeakRiseMegabytes),10}");
            }
        }
        Console.WriteLine();
        Console.WriteLine("Versions and licences:");
        foreach (var library in libraries)
        {
            Console.WriteLine($"  {library.Name,-11} {library.Versions}; {library.Licences}");
        }
    }

    /// <summary>
    /// Type and message on one line (libvips puts the cause on the lines after "unable to …"), with the inner exceptions
    /// when a type initializer or loader wraps the cause.
    /// </summary>
    private static string Describe(Exception exception, bool chain)
    {
        var parts = new List<string>();
        for (var e = exception; e is not null; e = chain ? e.InnerException : null)
        {
            var lines = e.Message.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).Distinct();
            var message = string.Join("; ", lines);
            parts.Add($"{e.GetType().Name}: {(message.Length > 200 ? message[..200] + "…" : message)}");
        }
        return string.Join(" ← ", parts);
    }
}
