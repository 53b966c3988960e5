using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using OpenTelemetry;
using OpenTelemetry.Metrics;
using OpenTelemetry.Trace;

namespace ECommerce.ServiceDefaults.Telemetry;

/// <summary>
/// Traces, metrics and logs with OpenTelemetry's hosting and instrumentation packages, exported over OTLP when
/// <c>OTEL_EXPORTER_OTLP_ENDPOINT</c> is set (the AppHost points it at the dashboard), and the metrics also as
/// Prometheus text at <c>/metrics</c> (see <see cref="Health.ManagementEndpoints"/> for who may read it). The service's
/// name and instance come from <c>OTEL_SERVICE_NAME</c> and <c>OTEL_RESOURCE_ATTRIBUTES</c>.
/// </summary>
public static class OpenTelemetryExtensions
{
    /// <summary>Our own activity sources (Npgsql's come with its Aspire client integration).</summary>
    public static readonly string[] ActivitySources = ["ECommerce.*"];

    /// <summary>Meters beyond what the instrumentation adds: rate limiting, unhandled errors, and our own.</summary>
    public static readonly string[] Meters = ["Microsoft.AspNetCore.RateLimiting", "Microsoft.AspNetCore.Diagnostics", "ECommerce.*"];

    public static TBuilder ConfigureOpenTelemetry<TBuilder>(this TBuilder builder) where TBuilder : IHostApplicationBuilder
    {
        builder.Logging.AddOpenTelemetry(logging =>
        {
            logging.IncludeFormattedMessage = true;
            logging.IncludeScopes = true;
        });

        var telemetry = builder.Services.AddOpenTelemetry()
            .WithMetrics(metrics => metrics
                .AddAspNetCoreInstrumentation()
                .AddHttpClientInstrumentation()
                .AddRuntimeInstrumentation()
                .AddMeter(Meters)
                .AddPrometheusExporter())
            .WithTracing(tracing => tracing
                // Probes arrive every few seconds; tracing them would bury the traces people look for.
                .AddAspNetCoreInstrumentation(aspNetCore => aspNetCore.Filter = context => !IsProbe(context.Request.Path))
                .AddHttpClientInstrumentation()
                .AddSource(ActivitySources));
        if (!string.IsNullOrWhiteSpace(builder.Configuration["OTEL_EXPORTER_OTLP_ENDPOINT"]))
        {
            telemetry.UseOtlpExporter();
        }
        return builder;
    }

    // Scrapes too: every few seconds, and about nothing a person traces.
    private static bool IsProbe(PathString path) =>
        Health.ManagementEndpoints.IsManagementPath(path) || path.StartsWithSegments(Health.HealthEndpoints.AlivePath);
}
