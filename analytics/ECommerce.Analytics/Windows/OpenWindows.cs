using ECommerce.Contracts.Orders;

namespace ECommerce.Analytics.Windows;

/// <summary>
/// The windowing rules in one place, free of Kafka: which window an event counts in, whether it is a duplicate or
/// late, and which windows the watermark closes. The stream processor keeps one of these per task.
/// </summary>
public sealed class OpenWindows(TimeSpan grace)
{
    // Ids are ISO-8601 UTC: their order is the windows' order.
    private readonly SortedDictionary<string, WindowState> _open = new(StringComparer.Ordinal);

    /// <summary>The latest event time seen, or the wall clock once the shop went quiet.</summary>
    public DateTimeOffset Watermark { get; private set; } = DateTimeOffset.MinValue;

    public string Add(OrderEvent orderEvent)
    {
        var start = MinuteWindows.StartOf(orderEvent.OccurredAt);
        if (MinuteWindows.IsClosed(start, Watermark, grace))
        {
            return EventOutcomes.Late;
        }
        return WindowAt(start).Apply(orderEvent) ? EventOutcomes.Counted : EventOutcomes.Duplicate;
    }

    /// <summary>Moves the watermark forward (never back) and returns the windows that closed, oldest first, forgetting them.</summary>
    public IReadOnlyList<WindowState> AdvanceTo(DateTimeOffset time)
    {
        if (time <= Watermark)
        {
            return [];
        }
        Watermark = time;
        var closed = _open.Values.TakeWhile(w => MinuteWindows.IsClosed(w.Start, Watermark, grace)).ToList();
        closed.ForEach(w => _open.Remove(MinuteWindows.Id(w.Start)));
        return closed;
    }

    /// <summary>
    /// The stream has gone quiet: the wall clock closes what has ended (plus the grace period) by <paramref name="now"/>.
    /// The watermark moves only as far as closing the open windows takes — not to the wall clock itself, so events
    /// that arrive later with their own, older times are judged by those times.
    /// </summary>
    public IReadOnlyList<WindowState> CloseQuiet(DateTimeOffset now)
    {
        if (_open.Count == 0)
        {
            return [];
        }
        var closesAll = _open.Values.Last().Start + MinuteWindows.Size + grace;
        return AdvanceTo(now < closesAll ? now : closesAll);
    }

    /// <summary>Rebuilds the state kept before a restart: an event the window had counted, and the watermark it had.</summary>
    public void Restore(OrderEvent counted) => WindowAt(MinuteWindows.StartOf(counted.OccurredAt)).Apply(counted);

    public void RestoreWatermark(DateTimeOffset watermark) => Watermark = watermark;

    private WindowState WindowAt(DateTimeOffset start)
    {
        var id = MinuteWindows.Id(start);
        if (!_open.TryGetValue(id, out var window))
        {
            _open[id] = window = WindowState.For(start);
        }
        return window;
    }
}
