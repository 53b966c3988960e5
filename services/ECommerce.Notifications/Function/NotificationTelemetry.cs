using System.Diagnostics.Metrics;
using ECommerce.Notifications.Lambda;
using OpenTelemetry;
using OpenTelemetry.Metrics;
using OpenTelemetry.Resources;
using OpenTelemetry.Trace;

namespace ECommerce.Notifications.Function;

/// <summary>
/// The function's spans and metrics (invocations, and the messages it reported as failed), exported over OTLP when
/// <c>OTEL_EXPORTER_OTLP_ENDPOINT</c> is set. A function has no port to scrape: its figures reach the collector
/// (the dashboard locally) after each invocation.
/// </summary>
public sealed class NotificationTelemetry : IDisposable
{
    public static readonly Meter Meter = new("ECommerce.Notifications");

    private static readonly Counter<long> Invocations =
        Meter.CreateCounter<long>("ecommerce.notifications.invocations", "{invocation}", "Invocations, by outcome (ok, error).");
    private static readonly Counter<long> Messages =
        Meter.CreateCounter<long>("ecommerce.notifications.messages", "{message}", "Messages received in invocations.");
    private static readonly Counter<long> BatchItemFailures =
        Meter.CreateCounter<long>("ecommerce.notifications.batch_item_failures", "{message}", "Messages reported back as failed (SQS delivers them again).");

    private readonly TracerProvider _tracer;
    private readonly MeterProvider _meter;

    private NotificationTelemetry(TracerProvider tracer, MeterProvider meter)
    {
        _tracer = tracer;
        _meter = meter;
    }

    /// <summary>The exporters, or null when no OTLP endpoint is configured (Lambda without a collector).</summary>
    public static NotificationTelemetry? Start()
    {
        if (string.IsNullOrWhiteSpace(Environment.GetEnvironmentVariable("OTEL_EXPORTER_OTLP_ENDPOINT")))
        {
            return null;
        }
        var service = Environment.GetEnvironmentVariable("OTEL_SERVICE_NAME") is { Length: > 0 } name ? name : "notifications";
        var resource = ResourceBuilder.CreateDefault().AddService(service);
        return new NotificationTelemetry(
            Sdk.CreateTracerProviderBuilder().SetResourceBuilder(resource).AddSource(NotificationTracing.Source.Name).AddOtlpExporter().Build(),
            Sdk.CreateMeterProviderBuilder().SetResourceBuilder(resource).AddMeter(Meter.Name).AddOtlpExporter().Build());
    }

    /// <summary>
    /// Counts each invocation and sends its spans and figures before it answers: Lambda freezes the environment
    /// between invocations, so anything left in an exporter could wait for minutes, or for ever.
    /// </summary>
    public static LambdaHandler<SqsEvent, SqsBatchResponse> Instrumented(LambdaHandler<SqsEvent, SqsBatchResponse> handler, NotificationTelemetry? telemetry) =>
        async (batch, cancellationToken) =>
        {
            Messages.Add(batch.Records.Count);
            try
            {
                var response = await handler(batch, cancellationToken);
                Invocations.Add(1, new KeyValuePair<string, object?>("outcome", "ok"));
                BatchItemFailures.Add(response.BatchItemFailures.Count);
                return response;
            }
            catch
            {
                Invocations.Add(1, new KeyValuePair<string, object?>("outcome", "error"));
                throw;
            }
            finally
            {
                telemetry?.Flush();
            }
        };

    private void Flush()
    {
        _tracer.ForceFlush(timeoutMilliseconds: 2000);
        _meter.ForceFlush(timeoutMilliseconds: 2000);
    }

    public void Dispose()
    {
        _tracer.Dispose();
        _meter.Dispose();
    }
}
