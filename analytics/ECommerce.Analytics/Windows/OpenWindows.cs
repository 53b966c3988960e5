using ECommerce.Contracts.Orders;

namespace ECommerce.Analytics.Windows;

/// <summary>What one move of the watermark closed: minutes (oldest first), then the hours and days they complete.</summary>
public sealed record Closing(IReadOnlyList<WindowState> Windows, IReadOnlyList<DateTimeOffset> Hours, IReadOnlyList<DateTimeOffset> Days)
{
    public static readonly Closing Nothing = new([], [], []);

    public bool IsEmpty => Windows.Count == 0 && Hours.Count == 0 && Days.Count == 0;
}

/// <summary>
/// The windowing rules in one place, free of Kafka: which window an event counts in, whether it is a duplicate or
/// late, and which windows — and hours and days, for the exports — the watermark closes. An hour or a day closes
/// like a minute (its end plus the grace period), and only if one of its minutes had events. The stream processor
/// keeps one of these.
/// </summary>
public sealed class OpenWindows(TimeSpan grace)
{
    // Ids are ISO-8601 UTC: their order is the windows' order.
    private readonly SortedDictionary<string, WindowState> _open = new(StringComparer.Ordinal);
    private readonly SortedSet<DateTimeOffset> _pendingHours = [];
    private readonly SortedSet<DateTimeOffset> _pendingDays = [];

    public int OpenCount => _open.Count;

    /// <summary>The latest event time seen, or the wall clock once the shop went quiet.</summary>
    public DateTimeOffset Watermark { get; private set; } = DateTimeOffset.MinValue;

    public string Add(OrderEvent orderEvent)
    {
        var start = MinuteWindows.StartOf(orderEvent.OccurredAt);
        if (IsClosed(start, MinuteWindows.Size))
        {
            return EventOutcomes.Late;
        }
        return WindowAt(start).Apply(orderEvent) ? EventOutcomes.Counted : EventOutcomes.Duplicate;
    }

    /// <summary>Moves the watermark forward (never back) and returns what closed, forgetting the closed minutes.</summary>
    public Closing AdvanceTo(DateTimeOffset time)
    {
        if (time <= Watermark)
        {
            return Closing.Nothing;
        }
        Watermark = time;
        var windows = _open.Values.TakeWhile(w => IsClosed(w.Start, MinuteWindows.Size)).ToList();
        foreach (var window in windows)
        {
            _open.Remove(MinuteWindows.Id(window.Start));
            _pendingHours.Add(Periods.HourOf(window.Start));
        }
        var hours = _pendingHours.TakeWhile(h => IsClosed(h, Periods.Hour)).ToList();
        foreach (var hour in hours)
        {
            _pendingHours.Remove(hour);
            _pendingDays.Add(Periods.DayOf(hour));
        }
        var days = _pendingDays.TakeWhile(d => IsClosed(d, Periods.Day)).ToList();
        days.ForEach(d => _pendingDays.Remove(d));
        return new Closing(windows, hours, days);
    }

    /// <summary>
    /// The stream has gone quiet: the wall clock closes what has ended (plus the grace period) by <paramref name="now"/>.
    /// The watermark moves no further than the end of the latest day with events — not to the wall clock itself, so
    /// events that arrive later with their own times (a catch-up after downtime) are judged by those times.
    /// </summary>
    public Closing CloseQuiet(DateTimeOffset now)
    {
        var latest = _open.Values.Select(w => w.Start).Concat(_pendingHours).Concat(_pendingDays).DefaultIfEmpty(DateTimeOffset.MinValue).Max();
        if (latest == DateTimeOffset.MinValue)
        {
            return Closing.Nothing;
        }
        var closesAll = Periods.DayOf(latest) + Periods.Day + grace;
        return AdvanceTo(now < closesAll ? now : closesAll);
    }

    /// <summary>Rebuilds the state kept before a restart: an event the window had counted, and the watermark it had.</summary>
    public void Restore(OrderEvent counted) => WindowAt(MinuteWindows.StartOf(counted.OccurredAt)).Apply(counted);

    public void RestoreWatermark(DateTimeOffset watermark) => Watermark = watermark;

    /// <summary>Rebuilds an hour (or day) that had emitted minutes (or hours) but had not closed yet.</summary>
    public void RestorePending(DateTimeOffset hour, bool isDay)
    {
        if (isDay)
        {
            _pendingDays.Add(hour);
        }
        else
        {
            _pendingHours.Add(hour);
        }
    }

    /// <summary>A period closes once the watermark passes its end plus the grace period; an event for a closed minute is late.</summary>
    private bool IsClosed(DateTimeOffset start, TimeSpan length) => Watermark >= start + length + grace;

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
