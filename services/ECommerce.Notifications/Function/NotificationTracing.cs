using System.Diagnostics;
using ECommerce.Notifications.Lambda;
using OpenTelemetry;
using OpenTelemetry.Resources;
using OpenTelemetry.Trace;

namespace ECommerce.Notifications.Function;

/// <summary>
/// The function's spans: one per message, under the trace the order's request started (the relay passes it on in
/// the message's <c>traceparent</c> attribute), exported over OTLP when <c>OTEL_EXPORTER_OTLP_ENDPOINT</c> is set.
/// </summary>
public static class NotificationTracing
{
    public static readonly ActivitySource Source = new("ECommerce.Notifications");

    /// <summary>The tracer, or null when no OTLP endpoint is configured (Lambda without a collector).</summary>
    public static TracerProvider? Start()
    {
        if (string.IsNullOrWhiteSpace(Environment.GetEnvironmentVariable("OTEL_EXPORTER_OTLP_ENDPOINT")))
        {
            return null;
        }
        var service = Environment.GetEnvironmentVariable("OTEL_SERVICE_NAME") is { Length: > 0 } name ? name : "notifications";
        return Sdk.CreateTracerProviderBuilder()
            .SetResourceBuilder(ResourceBuilder.CreateDefault().AddService(service))
            .AddSource(Source.Name)
            .AddOtlpExporter()
            .Build();
    }

    /// <summary>
    /// Wraps the handler so each invocation's spans are sent before it answers: Lambda freezes the environment between
    /// invocations, so a batch left in the exporter could wait for minutes, or for ever.
    /// </summary>
    public static LambdaHandler<TEvent, TResponse> FlushingAfterEach<TEvent, TResponse>(LambdaHandler<TEvent, TResponse> handler, TracerProvider? tracer) =>
        tracer is null ? handler : async (input, cancellationToken) =>
        {
            try
            {
                return await handler(input, cancellationToken);
            }
            finally
            {
                tracer.ForceFlush(timeoutMilliseconds: 2000);
            }
        };

    /// <summary>A consumer span for one message, continuing the trace its <c>traceparent</c> attribute names.</summary>
    public static Activity? StartProcess(SqsMessage message)
    {
        var traceParent = message.MessageAttributes.GetValueOrDefault("traceparent")?.StringValue;
        ActivityContext.TryParse(traceParent, null, out var parent);
        var activity = Source.StartActivity("order-events process", ActivityKind.Consumer, parent);
        activity?.SetTag("messaging.system", "aws_sqs");
        // The queue's name is the last part of its ARN.
        activity?.SetTag("messaging.destination.name", message.EventSourceArn[(message.EventSourceArn.LastIndexOf(':') + 1)..]);
        activity?.SetTag("messaging.operation.type", "process");
        activity?.SetTag("messaging.message.id", message.MessageId);
        return activity;
    }
}
