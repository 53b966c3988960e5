extern alias gateway;
using gateway::ECommerce.Gateway.Metrics;

namespace ECommerce.UnitTests;

public sealed class PrometheusTextTests
{
    [Fact]
    public void AHistogramHasCumulativeBucketsAnInfiniteBucketASumAndACount()
    {
        var text = new PrometheusText().Histogram("request_seconds", "How long.", [0.1, 1],
            [([new("route", "/a")], [2, 3], 4.5, 6)]).ToString();

        Assert.Equal(
            """
            # HELP request_seconds How long.
            # TYPE request_seconds histogram
            request_seconds_bucket{route="/a",le="0.1"} 2
            request_seconds_bucket{route="/a",le="1"} 5
            request_seconds_bucket{route="/a",le="+Inf"} 6
            request_seconds_sum{route="/a"} 4.5
            request_seconds_count{route="/a"} 6

            """.ReplaceLineEndings("\n"), text);
    }

    [Fact]
    public void LabelValuesAreEscapedAndNamesSanitised()
    {
        var text = new PrometheusText().Counter("failures_total", "Line one\nline two", [([new("error", "a\"b\\c\nd")], 3)]).ToString();

        Assert.Contains("# HELP failures_total Line one\\nline two\n", text);
        Assert.Contains("failures_total{error=\"a\\\"b\\\\c\\nd\"} 3\n", text);
        Assert.Equal("http_server_request_duration", PrometheusText.Name("http.server.request.duration"));
        Assert.Equal("NaN", PrometheusText.Format(double.NaN));
    }
}
