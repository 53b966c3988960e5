using System.Globalization;
using System.Text;

namespace ECommerce.Gateway.Metrics;

/// <summary>
/// The Prometheus text exposition format (version 0.0.4), just what the gateway exports: counters and histograms
/// with labels. Written before OpenTelemetry's Prometheus exporter could be restored; that exporter is to replace it.
/// </summary>
public sealed class PrometheusText
{
    public const string ContentType = "text/plain; version=0.0.4; charset=utf-8";

    private readonly StringBuilder _text = new();

    public PrometheusText Counter(string name, string help, IEnumerable<(IReadOnlyList<KeyValuePair<string, string>> Labels, double Value)> series)
    {
        Header(name, help, "counter");
        foreach (var (labels, value) in series)
        {
            Sample(name, labels, value);
        }
        return this;
    }

    public PrometheusText Histogram(string name, string help, IReadOnlyList<double> bounds,
        IEnumerable<(IReadOnlyList<KeyValuePair<string, string>> Labels, long[] BucketCounts, double Sum, long Count)> series)
    {
        Header(name, help, "histogram");
        foreach (var (labels, counts, sum, count) in series)
        {
            long cumulative = 0;
            for (var i = 0; i < bounds.Count; i++)
            {
                cumulative += counts[i];
                Sample(name + "_bucket", [.. labels, new("le", Format(bounds[i]))], cumulative);
            }
            Sample(name + "_bucket", [.. labels, new("le", "+Inf")], count);
            Sample(name + "_sum", labels, sum);
            Sample(name + "_count", labels, count);
        }
        return this;
    }

    public override string ToString() => _text.ToString();

    private void Header(string name, string help, string type)
    {
        _text.Append("# HELP ").Append(name).Append(' ').Append(help.Replace("\\", "\\\\").Replace("\n", "\\n")).Append('\n');
        _text.Append("# TYPE ").Append(name).Append(' ').Append(type).Append('\n');
    }

    private void Sample(string name, IReadOnlyList<KeyValuePair<string, string>> labels, double value)
    {
        _text.Append(name);
        if (labels.Count > 0)
        {
            _text.Append('{').AppendJoin(',', labels.Select(l => $"{l.Key}=\"{EscapeLabel(l.Value)}\"")).Append('}');
        }
        _text.Append(' ').Append(Format(value)).Append('\n');
    }

    public static string EscapeLabel(string value) => value.Replace("\\", "\\\\").Replace("\"", "\\\"").Replace("\n", "\\n");

    public static string Format(double value) => value switch
    {
        double.PositiveInfinity => "+Inf",
        double.NegativeInfinity => "-Inf",
        double.NaN => "NaN",
        _ => value.ToString("R", CultureInfo.InvariantCulture),
    };

    /// <summary>Metric and label names allow [a-zA-Z0-9_:]; OpenTelemetry's dots become underscores.</summary>
    public static string Name(string otelName) =>
        new(otelName.Select(c => char.IsAsciiLetterOrDigit(c) || c is '_' or ':' ? c : '_').ToArray());
}
