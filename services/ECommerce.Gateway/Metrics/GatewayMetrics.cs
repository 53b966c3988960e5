using System.Collections.Concurrent;
using System.Diagnostics.Metrics;

namespace ECommerce.Gateway.Metrics;

/// <summary>
/// Collects, from System.Diagnostics.Metrics, what <c>/metrics</c> exports: ASP.NET Core's own request-duration
/// histogram (by route, method and status) and the gateway's upstream-failure counter.
/// </summary>
public sealed class GatewayMetrics : IDisposable
{
    public const string MeterName = "ECommerce.Gateway";
    private const string HostingMeter = "Microsoft.AspNetCore.Hosting";
    private const string RequestDuration = "http.server.request.duration";

    /// <summary>The boundaries OpenTelemetry recommends for HTTP durations, in seconds.</summary>
    public static readonly double[] Bounds = [0.005, 0.01, 0.025, 0.05, 0.075, 0.1, 0.25, 0.5, 0.75, 1, 2.5, 5, 7.5, 10];

    private static readonly string[] RequestLabels = ["http.route", "http.request.method", "http.response.status_code"];

    private readonly MeterListener _listener = new();
    private readonly Meter _meter;
    private readonly Counter<long> _upstreamFailures;
    private readonly ConcurrentDictionary<string, HistogramSeries> _durations = new();
    private readonly ConcurrentDictionary<string, CounterSeries> _failures = new();

    public GatewayMetrics(IMeterFactory meterFactory)
    {
        _meter = meterFactory.Create(MeterName);
        _upstreamFailures = _meter.CreateCounter<long>("gateway.upstream.failures", description: "Requests the gateway could not forward or that timed out upstream.");
        _listener.InstrumentPublished = (instrument, listener) =>
        {
            if ((instrument.Meter.Name == HostingMeter && instrument.Name == RequestDuration) || instrument.Meter == _meter)
            {
                listener.EnableMeasurementEvents(instrument);
            }
        };
        _listener.SetMeasurementEventCallback<double>((instrument, value, tags, _) => RecordDuration(value, tags));
        _listener.SetMeasurementEventCallback<long>((instrument, value, tags, _) => RecordFailure(value, tags));
        _listener.Start();
    }

    public void UpstreamFailed(string route, string error) =>
        _upstreamFailures.Add(1, new KeyValuePair<string, object?>("route", route), new KeyValuePair<string, object?>("error", error));

    public string Render() => new PrometheusText()
        .Histogram("http_server_request_duration_seconds", "Duration of HTTP requests handled by the gateway, by route, method and status.", Bounds,
            _durations.Values.Select(s => s.Snapshot()))
        .Counter("gateway_upstream_failures_total", "Requests the gateway could not forward or that timed out upstream, by route and error.",
            _failures.Values.Select(s => s.Snapshot()))
        .ToString();

    private void RecordDuration(double seconds, ReadOnlySpan<KeyValuePair<string, object?>> tags)
    {
        var labels = Labels(tags, RequestLabels);
        _durations.GetOrAdd(Key(labels), _ => new HistogramSeries(labels)).Record(seconds);
    }

    private void RecordFailure(long value, ReadOnlySpan<KeyValuePair<string, object?>> tags)
    {
        var labels = Labels(tags, ["route", "error"]);
        _failures.GetOrAdd(Key(labels), _ => new CounterSeries(labels)).Add(value);
    }

    private static List<KeyValuePair<string, string>> Labels(ReadOnlySpan<KeyValuePair<string, object?>> tags, string[] wanted)
    {
        var labels = new List<KeyValuePair<string, string>>(wanted.Length);
        foreach (var name in wanted)
        {
            var value = "";
            foreach (var tag in tags)
            {
                if (tag.Key == name)
                {
                    value = Convert.ToString(tag.Value, System.Globalization.CultureInfo.InvariantCulture) ?? "";
                }
            }
            labels.Add(new(PrometheusText.Name(name), value));
        }
        return labels;
    }

    private static string Key(List<KeyValuePair<string, string>> labels) => string.Join('\u001f', labels.Select(l => l.Value));

    public void Dispose()
    {
        _listener.Dispose();
        _meter.Dispose();
    }

    private sealed class HistogramSeries(IReadOnlyList<KeyValuePair<string, string>> labels)
    {
        private readonly Lock _gate = new();
        private readonly long[] _counts = new long[Bounds.Length];
        private double _sum;
        private long _count;

        public void Record(double value)
        {
            var bucket = Array.FindIndex(Bounds, bound => value <= bound);
            lock (_gate)
            {
                if (bucket >= 0)
                {
                    _counts[bucket]++;
                }
                _sum += value;
                _count++;
            }
        }

        public (IReadOnlyList<KeyValuePair<string, string>>, long[], double, long) Snapshot()
        {
            lock (_gate)
            {
                return (labels, (long[])_counts.Clone(), _sum, _count);
            }
        }
    }

    private sealed class CounterSeries(IReadOnlyList<KeyValuePair<string, string>> labels)
    {
        private long _value;

        public void Add(long value) => Interlocked.Add(ref _value, value);

        public (IReadOnlyList<KeyValuePair<string, string>>, double) Snapshot() => (labels, Interlocked.Read(ref _value));
    }
}
