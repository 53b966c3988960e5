using System.Collections.Concurrent;

namespace ECommerce.Analytics.Streams;

/// <summary>
/// Whether the job has read everything there is, as the lag monitor last measured it. The windows' wall-clock close
/// asks it: a stream that is quiet because nothing was sent may close its minutes; one that merely stalls — an
/// instance died and its partitions have not moved yet — must not, or the events it has not read become late.
/// </summary>
public sealed class StreamBacklog
{
    private long _caughtUpAt = long.MinValue;
    private readonly ConcurrentDictionary<int, long> _restorations = new();

    /// <summary>A measurement of the job's topics at <paramref name="at"/> (Unix milliseconds): how many events are unread.</summary>
    public void Measured(long unread, long at)
    {
        if (unread == 0)
        {
            Interlocked.Exchange(ref _caughtUpAt, at);
        }
    }

    /// <summary>True when a measurement taken after <paramref name="time"/> (Unix milliseconds) found nothing unread.</summary>
    public bool CaughtUpSince(long time) => Interlocked.Read(ref _caughtUpAt) > time;

    /// <summary>The window store's changelog partition finished restoring (the stream's restore-end event).</summary>
    public void StoreRestored(int partition) => _restorations.AddOrUpdate(partition, 1, (_, count) => count + 1);

    /// <summary>How many restorations of that partition have finished in this process; a later count means one more has.</summary>
    public long RestorationsOf(int partition) => _restorations.GetValueOrDefault(partition);
}
