using System.Diagnostics;
using System.Text;
using Confluent.Kafka;

namespace ECommerce.Documents.Documents;

/// <summary>One span per order event handled, continuing the trace the outbox relay put in the message's <c>traceparent</c> header.</summary>
public static class DocumentTracing
{
    public static readonly ActivitySource Source = new("ECommerce.Documents");

    public static Activity? Consume(ConsumeResult<string, string> message)
    {
        var traceParent = message.Message.Headers?.TryGetLastBytes("traceparent", out var bytes) == true ? Encoding.UTF8.GetString(bytes) : null;
        ActivityContext.TryParse(traceParent, null, out var parent);
        var activity = Source.StartActivity("orders process", ActivityKind.Consumer, parent);
        activity?.SetTag("messaging.system", "kafka");
        activity?.SetTag("messaging.destination.name", message.Topic);
        activity?.SetTag("messaging.kafka.message.offset", message.Offset.Value);
        return activity;
    }
}
