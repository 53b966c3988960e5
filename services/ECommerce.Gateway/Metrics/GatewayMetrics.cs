using System.Diagnostics.Metrics;

namespace ECommerce.Gateway.Metrics;

/// <summary>
/// The gateway's own measurement: requests it could not forward, or that timed out upstream, by route and error.
/// Request durations by route, method and status are ASP.NET Core's own; both reach the dashboard over OTLP and
/// Prometheus through <c>/metrics</c> on the management port.
/// </summary>
public sealed class GatewayMetrics
{
    public const string MeterName = "ECommerce.Gateway";

    private readonly Counter<long> _upstreamFailures;

    public GatewayMetrics(IMeterFactory meterFactory)
    {
        _upstreamFailures = meterFactory.Create(MeterName)
            .CreateCounter<long>("gateway.upstream.failures", "{request}", "Requests the gateway could not forward or that timed out upstream, by route and error.");
    }

    public void UpstreamFailed(string route, string error) =>
        _upstreamFailures.Add(1, new KeyValuePair<string, object?>("route", route), new KeyValuePair<string, object?>("error", error));
}
