using System.Diagnostics.Metrics;

namespace ECommerce.Analytics;

public static class EventOutcomes
{
    public const string Counted = "counted";
    public const string Duplicate = "duplicate";
    public const string Late = "late";
    public const string DeadLetter = "dead_letter";
}

/// <summary>What an operator watches of the job: events by outcome, windows emitted, and how far behind it is.</summary>
public sealed class AnalyticsMetrics
{
    public const string MeterName = "ECommerce.Analytics";

    /// <summary>For the parameterless constructors the stream library requires; measures into a meter nobody listens to.</summary>
    public static readonly AnalyticsMetrics Unregistered = new(new Meter(MeterName + ".Unregistered"));

    private readonly Counter<long> _events;
    private readonly Counter<long> _windows;
    private readonly System.Collections.Concurrent.ConcurrentDictionary<string, long> _lag = new();

    public AnalyticsMetrics(IMeterFactory meterFactory) : this(meterFactory.Create(MeterName))
    {
    }

    private AnalyticsMetrics(Meter meter)
    {
        _events = meter.CreateCounter<long>("ecommerce.analytics.events", "{event}", "Order events read, by outcome: counted, duplicate, late (after its window closed), dead_letter (unreadable).");
        _windows = meter.CreateCounter<long>("ecommerce.analytics.windows_emitted", "{window}", "One-minute windows closed and emitted.");
        meter.CreateObservableGauge("ecommerce.analytics.consumer_lag",
            () => _lag.Select(l => new Measurement<long>(l.Value, new KeyValuePair<string, object?>("topic", l.Key))),
            "{event}", "Events the job has not processed yet, per topic it reads: orders, and its own by-minute topic.");
    }

    public void Counted(string outcome) => _events.Add(1, new KeyValuePair<string, object?>("outcome", outcome));

    public void Emitted() => _windows.Add(1);

    public void Lag(string topic, long events) => _lag[topic] = events;
}
