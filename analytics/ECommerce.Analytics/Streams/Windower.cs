using System.Text.Json;
using ECommerce.Analytics.Events;
using ECommerce.Analytics.Windows;
using ECommerce.Contracts;
using ECommerce.ServiceDefaults;
using Streamiz.Kafka.Net.Processors.Public;
using Streamiz.Kafka.Net.State;

namespace ECommerce.Analytics.Streams;

/// <summary>
/// The windows, on the one partition every minute is brought to (<see cref="OpenWindows"/> holds the rules). Each
/// counted event of an open window and the watermark are kept in a state store, whose changelog survives a crash; the
/// sums live in memory and are rebuilt from the store after a restart. A closed window is emitted once, then forgotten.
/// </summary>
public sealed class Windower(AnalyticsOptions options, AnalyticsMetrics metrics, StreamBacklog backlog, ILogger log) : ITransformer<string, byte[], string, byte[]>
{
    private const string EventPrefix = "event:";
    private const string WatermarkKey = "watermark";
    private const string PendingHourPrefix = "pending-hour:";
    private const string PendingDayPrefix = "pending-day:";

    private OpenWindows _windows = new(options.Grace);
    private ProcessorContext<string, byte[]> _context = null!;
    private IKeyValueStore<string, byte[]> _store = null!;
    private long _lastEventAt;
    private DateTimeOffset _storedWatermark = DateTimeOffset.MinValue;
    private bool _restored;
    private long _restorationsAtInit;

    public Windower() : this(new AnalyticsOptions(), AnalyticsMetrics.Unregistered, new StreamBacklog(), Microsoft.Extensions.Logging.Abstractions.NullLogger.Instance)
    {
    }

    public void Init(ProcessorContext<string, byte[]> context)
    {
        // A task that moves away and comes back may be initialised again on the same processor: what it held in memory
        // then is stale, and the store (restored from the changelog) is the truth.
        _windows = new OpenWindows(options.Grace);
        _restored = false;
        _storedWatermark = DateTimeOffset.MinValue;
        _context = context;
        _store = (IKeyValueStore<string, byte[]>)context.GetStateStore(AnalyticsStreams.WindowStore);
        _lastEventAt = context.WallClockTime;
        _restorationsAtInit = backlog.RestorationsOf(context.Id.Partition);
        context.Schedule(TimeSpan.FromSeconds(1), PunctuationType.PROCESSING_TIME, CloseWhenQuiet);
    }

    /// <summary>
    /// Rebuilds the open windows from the store, once, at the first record or at a punctuation after the store's
    /// restoration ended: the library initialises processors before it restores their stores from the changelog, and
    /// runs punctuations meanwhile, but it hands a task records only once the store is complete.
    /// </summary>
    private void EnsureRestored()
    {
        if (_restored)
        {
            return;
        }
        foreach (var entry in _store.All())
        {
            if (entry.Key == WatermarkKey)
            {
                _storedWatermark = JsonSerializer.Deserialize<DateTimeOffset>(entry.Value);
                _windows.RestoreWatermark(_storedWatermark);
            }
            else if (entry.Key.StartsWith(EventPrefix, StringComparison.Ordinal) && EventReader.TryRead(entry.Value, out var counted, out _))
            {
                _windows.Restore(counted!);
            }
            else if (entry.Key.StartsWith(PendingHourPrefix, StringComparison.Ordinal))
            {
                _windows.RestorePending(Periods.ParseHour(entry.Key[PendingHourPrefix.Length..]), isDay: false);
            }
            else if (entry.Key.StartsWith(PendingDayPrefix, StringComparison.Ordinal))
            {
                _windows.RestorePending(Periods.ParseDay(entry.Key[PendingDayPrefix.Length..]), isDay: true);
            }
        }
        _restored = true;
        log.LogInformation("Windows task {Task}: restored {Windows} open window(s), watermark {Watermark}", _context.Id, _windows.OpenCount, _windows.Watermark);
    }

    public Record<string, byte[]> Process(Record<string, byte[]> record)
    {
        EnsureRestored();
        _lastEventAt = _context.WallClockTime;
        // The intake let only readable events through.
        if (EventReader.TryRead(record.Value, out var orderEvent, out _))
        {
            var outcome = _windows.Add(orderEvent!);
            if (outcome == EventOutcomes.Counted)
            {
                _store.Put(EventKey(MinuteWindows.StartOf(orderEvent!.OccurredAt), orderEvent.EventId), record.Value);
            }
            metrics.Counted(outcome);
            Advance(orderEvent!.OccurredAt);
        }
        return null!;
    }

    public void Close()
    {
    }

    // A quiet shop: no event for a while and nothing left unread, so the wall clock closes the minutes that have ended.
    private void CloseWhenQuiet(long now)
    {
        if (!_restored && backlog.RestorationsOf(_context.Id.Partition) == _restorationsAtInit)
        {
            // The store may still be restoring: nothing it holds can be judged yet.
            return;
        }
        EnsureRestored();
        if (now - _lastEventAt >= options.QuietAfter.TotalMilliseconds && backlog.CaughtUpSince(_lastEventAt))
        {
            var closing = _windows.CloseQuiet(DateTimeOffset.FromUnixTimeMilliseconds(now));
            if (!closing.IsEmpty)
            {
                log.LogInformation("Quiet: the wall clock closed {Windows} window(s), {Hours} hour(s), {Days} day(s)", closing.Windows.Count, closing.Hours.Count, closing.Days.Count);
            }
            Emit(closing);
        }
    }

    private void Advance(DateTimeOffset eventTime) => Emit(_windows.AdvanceTo(eventTime));

    /// <summary>
    /// Sends what closed, in order — the minutes, then the hours and days they complete (for the exports) — and forgets
    /// it. The store's changelog is one partition, written in order and kept as a prefix when the process dies: so
    /// the watermark goes first and each "still to do" mark before the step that settles it. A restart then never
    /// reopens a window whose events it already deleted, nor forgets an hour that still has to close.
    /// </summary>
    private void Emit(Closing closing)
    {
        if (!closing.IsEmpty || _windows.Watermark != _storedWatermark)
        {
            _store.Put(WatermarkKey, JsonSerializer.SerializeToUtf8Bytes(_windows.Watermark));
            _storedWatermark = _windows.Watermark;
        }
        foreach (var window in closing.Windows)
        {
            var result = window.ToResult();
            _store.Put(PendingHourPrefix + Periods.HourName(Periods.HourOf(window.Start)), []);
            _context.Forward(OutputKeys.Window(result.WindowId), JsonSerializer.SerializeToUtf8Bytes(result, ContractJson.Options));
            foreach (var eventId in window.EventIds)
            {
                _store.Delete(EventKey(window.Start, eventId));
            }
            metrics.Emitted();
            log.LogDebug("Window {WindowId} emitted: {Orders} orders", result.WindowId, result.TotalOrders);
        }
        foreach (var hour in closing.Hours)
        {
            _store.Put(PendingDayPrefix + Periods.DayName(Periods.DayOf(hour)), []);
            _context.Forward(OutputKeys.Hour(hour), []);
            _store.Delete(PendingHourPrefix + Periods.HourName(hour));
        }
        foreach (var day in closing.Days)
        {
            _context.Forward(OutputKeys.Day(day), []);
            _store.Delete(PendingDayPrefix + Periods.DayName(day));
        }
    }

    private static string EventKey(DateTimeOffset windowStart, Guid eventId) => $"{EventPrefix}{MinuteWindows.Id(windowStart)}:{eventId}";
}
