using System.Reflection;
using System.Runtime.InteropServices;

namespace ECommerce.Benchmarks.ImageLibraries;

/// <summary>Times of one library on one input, in milliseconds per image (header check to both WebPs).</summary>
internal sealed record Timings(double[] Milliseconds)
{
    private double[] Sorted { get; } = [.. Milliseconds.Order()];
    public double Min => Sorted[0];
    public double Median => Sorted.Length % 2 == 1 ? Sorted[Sorted.Length / 2] : (Sorted[Sorted.Length / 2 - 1] + Sorted[Sorted.Length / 2]) / 2;
    /// <summary>Nearest rank: with 20 samples, the 18th.</summary>
    public double P90 => Sorted[Math.Max(0, (int)Math.Ceiling(0.9 * Sorted.Length) - 1)];
    /// <summary>Two thumbnails an image, over the whole timed stretch on one thread.</summary>
    public double ThumbnailsPerSecond => 2 * Milliseconds.Length / (Milliseconds.Sum() / 1000);
}

/// <summary>
/// How far the process's resident set rose above where it started while one piece of work ran: on Linux, writing 5 to
/// /proc/self/clear_refs sets the high-water mark (VmHWM) back to the current RSS. Freed memory is handed back first
/// (a full GC, then glibc's malloc_trim), or memory an earlier image left in the allocators would hide this one's peak.
/// </summary>
internal sealed class PeakRss
{
    private readonly long _startKb;
    private readonly bool _reset;

    private PeakRss(long startKb, bool reset)
    {
        _startKb = startKb;
        _reset = reset;
    }

    public static PeakRss Start()
    {
        GC.Collect();
        GC.WaitForPendingFinalizers();
        GC.Collect();
        try
        {
            MallocTrim(0);
        }
        catch (Exception e) when (e is DllNotFoundException or EntryPointNotFoundException)
        {
            // Not glibc: the figure may then read low.
        }
        bool reset;
        try
        {
            File.WriteAllText("/proc/self/clear_refs", "5");
            reset = true;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            reset = false;
        }
        return new PeakRss(StatusKb("VmRSS:"), reset);
    }

    /// <summary>Megabytes the peak rose above the RSS at <see cref="Start"/>, or null where it cannot be told.</summary>
    public double? RiseMegabytes()
    {
        var peakKb = StatusKb("VmHWM:");
        return _reset && peakKb >= 0 && _startKb >= 0 ? Math.Max(0, peakKb - _startKb) / 1024.0 : null;
    }

    private static long StatusKb(string key)
    {
        try
        {
            foreach (var line in File.ReadLines("/proc/self/status"))
            {
                if (line.StartsWith(key, StringComparison.Ordinal))
                {
                    return long.Parse(line.AsSpan(key.Length).Trim().TrimEnd("kB").Trim());
                }
            }
        }
        catch (IOException)
        {
        }
        return -1;
    }

    [DllImport("libc.so.6", EntryPoint = "malloc_trim")]
    private static extern int MallocTrim(nuint pad);

    public static string Format(double? megabytes) => megabytes is { } value ? $"{value:0.0} MB" : "n/a";
}

internal static class Library
{
    /// <summary>The package version an assembly was built as ("3.2.0"), without the commit suffix.</summary>
    public static string VersionOf(Type type)
    {
        var assembly = type.Assembly;
        var version = assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion
            ?? assembly.GetName().Version?.ToString(3) ?? "?";
        var plus = version.IndexOf('+');
        return plus < 0 ? version : version[..plus];
    }
}
