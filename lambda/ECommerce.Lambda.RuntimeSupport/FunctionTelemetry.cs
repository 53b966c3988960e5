using System.Diagnostics.Metrics;
using OpenTelemetry;
using OpenTelemetry.Metrics;
using OpenTelemetry.Resources;
using OpenTelemetry.Trace;

namespace ECommerce.Lambda.RuntimeSupport;

/// <summary>
/// A function's spans and metrics, exported over OTLP when <c>OTEL_EXPORTER_OTLP_ENDPOINT</c> is set. A function has
/// no port to scrape: its figures reach the collector (the dashboard locally) after each invocation.
/// </summary>
public sealed class FunctionTelemetry : IDisposable
{
    private readonly TracerProvider _tracer;
    private readonly MeterProvider _meter;

    private FunctionTelemetry(TracerProvider tracer, MeterProvider meter)
    {
        _tracer = tracer;
        _meter = meter;
    }

    /// <summary>The exporters of the function's own source and meter, or null when no OTLP endpoint is configured (Lambda without a collector).</summary>
    public static FunctionTelemetry? Start(string defaultServiceName, string sourceName, Meter meter)
    {
        if (string.IsNullOrWhiteSpace(Environment.GetEnvironmentVariable("OTEL_EXPORTER_OTLP_ENDPOINT")))
        {
            return null;
        }
        var service = Environment.GetEnvironmentVariable("OTEL_SERVICE_NAME") is { Length: > 0 } name ? name : defaultServiceName;
        var resource = ResourceBuilder.CreateDefault().AddService(service);
        return new FunctionTelemetry(
            Sdk.CreateTracerProviderBuilder().SetResourceBuilder(resource).AddSource(sourceName).AddOtlpExporter().Build(),
            Sdk.CreateMeterProviderBuilder().SetResourceBuilder(resource).AddMeter(meter.Name).AddOtlpExporter().Build());
    }

    /// <summary>
    /// Sends what is buffered: Lambda freezes the environment between invocations, so anything left in an exporter
    /// could wait for minutes, or for ever.
    /// </summary>
    public void Flush()
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

/// <summary>An SQS-triggered function's figures: invocations by outcome, messages received, messages reported as failed.</summary>
public sealed class SqsFunctionMetrics
{
    private readonly Counter<long> _invocations;
    private readonly Counter<long> _messages;
    private readonly Counter<long> _batchItemFailures;

    /// <param name="prefix">The instruments' common name, e.g. <c>ecommerce.notifications</c>.</param>
    public SqsFunctionMetrics(Meter meter, string prefix)
    {
        Meter = meter;
        _invocations = meter.CreateCounter<long>($"{prefix}.invocations", "{invocation}", "Invocations, by outcome (ok, error).");
        _messages = meter.CreateCounter<long>($"{prefix}.messages", "{message}", "Messages received in invocations.");
        _batchItemFailures = meter.CreateCounter<long>($"{prefix}.batch_item_failures", "{message}", "Messages reported back as failed (SQS delivers them again).");
    }

    public Meter Meter { get; }

    /// <summary>Counts each invocation and flushes the telemetry before it answers.</summary>
    public LambdaHandler<SqsEvent, SqsBatchResponse> Instrument(LambdaHandler<SqsEvent, SqsBatchResponse> handler, FunctionTelemetry? telemetry) =>
        async (batch, cancellationToken) =>
        {
            _messages.Add(batch.Records.Count);
            try
            {
                var response = await handler(batch, cancellationToken);
                _invocations.Add(1, new KeyValuePair<string, object?>("outcome", "ok"));
                _batchItemFailures.Add(response.BatchItemFailures.Count);
                return response;
            }
            catch
            {
                _invocations.Add(1, new KeyValuePair<string, object?>("outcome", "error"));
                throw;
            }
            finally
            {
                telemetry?.Flush();
            }
        };
}
