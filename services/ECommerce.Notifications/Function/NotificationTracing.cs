using System.Diagnostics;
using System.Diagnostics.Metrics;
using ECommerce.Lambda.RuntimeSupport;

namespace ECommerce.Notifications.Function;

/// <summary>
/// The function's spans: one per message, under the trace the order's request started (the relay passes it on in
/// the message's <c>traceparent</c> attribute); and its figures (<c>ecommerce.notifications.*</c>).
/// </summary>
public static class NotificationTracing
{
    public static readonly ActivitySource Source = new("ECommerce.Notifications");

    public static readonly SqsFunctionMetrics Metrics = new(new Meter("ECommerce.Notifications"), "ecommerce.notifications");

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
