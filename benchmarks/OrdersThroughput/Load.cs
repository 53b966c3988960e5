using System.Diagnostics;

namespace ECommerce.Benchmarks.Orders;

/// <summary>What one measurement saw: operations that succeeded, those that did not, and the latencies of the successes.</summary>
public sealed record LoadResult(string Name, int Succeeded, int Failed, TimeSpan Duration, IReadOnlyList<TimeSpan> Latencies)
{
    public double PerSecond => Succeeded / Duration.TotalSeconds;

    public TimeSpan Percentile(double p) => Latencies.Count == 0 ? TimeSpan.Zero : Latencies[Math.Min(Latencies.Count - 1, (int)(Latencies.Count * p))];

    public override string ToString() =>
        $"{Name,-34} {PerSecond,8:0.0}/s  p50 {Percentile(0.5).TotalMilliseconds,6:0} ms  p90 {Percentile(0.9).TotalMilliseconds,6:0} ms  " +
        $"p99 {Percentile(0.99).TotalMilliseconds,6:0} ms  ({Succeeded} ok, {Failed} failed)";
}

/// <summary>
/// A closed loop: <c>clients</c> workers, each starting its next operation as soon as the last one ends, for a fixed
/// time — the saturation throughput. Bounded in time and stops by itself.
/// </summary>
public static class Load
{
    public static async Task<LoadResult> ClosedLoopAsync(string name, int clients, TimeSpan duration, Func<int, Task<bool>> operation)
    {
        var latencies = new List<TimeSpan>();
        var failed = 0;
        var clock = Stopwatch.StartNew();
        await Task.WhenAll(Enumerable.Range(0, clients).Select(async client =>
        {
            while (clock.Elapsed < duration)
            {
                var started = clock.Elapsed;
                bool ok;
                try
                {
                    ok = await operation(client);
                }
                catch (Exception exception) when (exception is HttpRequestException or TaskCanceledException or InvalidOperationException)
                {
                    ok = false;
                }
                lock (latencies)
                {
                    if (ok)
                    {
                        latencies.Add(clock.Elapsed - started);
                    }
                    else
                    {
                        failed++;
                    }
                }
            }
        }));
        return new LoadResult(name, latencies.Count, failed, clock.Elapsed, latencies.Order().ToList());
    }
}
