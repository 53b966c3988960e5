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
/// Two ways to load a system. A closed loop: <c>clients</c> workers, each starting its next operation as soon as the last one ends, for a fixed
/// time — the saturation throughput. An open model: operations issued on a fixed schedule whatever the answers, each
/// timed from when it was due, so a system that falls behind shows it in the latency (no coordinated omission). Both
/// are bounded in time and stop by themselves.
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

    /// <param name="limit">The most operations in flight; one due beyond it counts as failed rather than piling up.</param>
    public static async Task<LoadResult> OpenModelAsync(string name, double perSecond, TimeSpan duration, int limit, Func<Task<bool>> operation)
    {
        var latencies = new List<TimeSpan>();
        var failed = 0;
        var inFlight = 0;
        var running = new List<Task>();
        var clock = Stopwatch.StartNew();
        for (var i = 0; ; i++)
        {
            var due = TimeSpan.FromSeconds(i / perSecond);
            if (due >= duration)
            {
                break;
            }
            if (due > clock.Elapsed)
            {
                await Task.Delay(due - clock.Elapsed);
            }
            if (Interlocked.Increment(ref inFlight) > limit)
            {
                Interlocked.Decrement(ref inFlight);
                Interlocked.Increment(ref failed);
                continue;
            }
            running.Add(Task.Run(async () =>
            {
                bool ok;
                try
                {
                    ok = await operation();
                }
                catch (Exception exception) when (exception is HttpRequestException or TaskCanceledException or InvalidOperationException)
                {
                    ok = false;
                }
                Interlocked.Decrement(ref inFlight);
                lock (latencies)
                {
                    if (ok)
                    {
                        latencies.Add(clock.Elapsed - due);
                    }
                    else
                    {
                        failed++;
                    }
                }
            }));
        }
        await Task.WhenAll(running);
        return new LoadResult(name, latencies.Count, failed, duration, latencies.Order().ToList());
    }
}
