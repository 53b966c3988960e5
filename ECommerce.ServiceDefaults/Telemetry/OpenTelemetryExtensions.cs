using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using OpenTelemetry;
using OpenTelemetry.Logs;
using OpenTelemetry.Metrics;
using OpenTelemetry.Resources;
using OpenTelemetry.Trace;

namespace ECommerce.ServiceDefaults.Telemetry;

/// <summary>
/// Traces, metrics and logs over OTLP. OpenTelemetry.Extensions.Hosting and the instrumentation packages
/// are not in the registry copy here, so the providers are built directly from the OpenTelemetry SDK and
/// listen to the sources and meters the framework already emits.
/// </summary>
public static class OpenTelemetryExtensions
{
    /// <summary>Activity sources the framework and libraries publish without instrumentation packages.</summary>
    public static readonly string[] ActivitySources =
    [
        "Microsoft.AspNetCore",
        "System.Net.Http",
        "Npgsql",
        "ECommerce.*",
    ];

    /// <summary>Meters the framework and libraries publish without instrumentation packages.</summary>
    public static readonly string[] Meters =
    [
        "Microsoft.AspNetCore.Hosting",
        "Microsoft.AspNetCore.Server.Kestrel",
        "Microsoft.AspNetCore.Http.Connections",
        "Microsoft.AspNetCore.Routing",
        "Microsoft.AspNetCore.Diagnostics",
        "Microsoft.AspNetCore.RateLimiting",
        "System.Net.Http",
        "System.Net.NameResolution",
        "System.Runtime",
        "Npgsql",
        "ECommerce.*",
    ];

    public static TBuilder ConfigureOpenTelemetry<TBuilder>(this TBuilder builder) where TBuilder : IHostApplicationBuilder
    {
        var exportOtlp = !string.IsNullOrWhiteSpace(builder.Configuration["OTEL_EXPORTER_OTLP_ENDPOINT"]);
        var serviceName = builder.Configuration["OTEL_SERVICE_NAME"] ?? builder.Environment.ApplicationName;
        var resource = ResourceBuilder.CreateDefault().AddService(serviceName).AddEnvironmentVariableDetector();

        builder.Logging.AddOpenTelemetry(logging =>
        {
            logging.SetResourceBuilder(resource);
            logging.IncludeFormattedMessage = true;
            logging.IncludeScopes = true;
            if (exportOtlp)
            {
                logging.AddOtlpExporter();
            }
        });

        builder.Services.AddSingleton(_ =>
        {
            var tracing = Sdk.CreateTracerProviderBuilder().SetResourceBuilder(resource).AddSource(ActivitySources);
            if (exportOtlp)
            {
                tracing.AddOtlpExporter();
            }
            return tracing.Build();
        });
        builder.Services.AddSingleton(_ =>
        {
            var metrics = Sdk.CreateMeterProviderBuilder().SetResourceBuilder(resource).AddMeter(Meters);
            if (exportOtlp)
            {
                metrics.AddOtlpExporter();
            }
            return metrics.Build();
        });
        // Resolving the providers at host start makes them listen before the first request arrives;
        // the container disposes them at shutdown, which flushes what is still buffered.
        builder.Services.AddHostedService<TelemetryProvidersStarter>();
        return builder;
    }

    private sealed class TelemetryProvidersStarter(TracerProvider tracerProvider, MeterProvider meterProvider) : IHostedService
    {
        public Task StartAsync(CancellationToken cancellationToken)
        {
            GC.KeepAlive(tracerProvider);
            GC.KeepAlive(meterProvider);
            return Task.CompletedTask;
        }

        public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
    }
}
