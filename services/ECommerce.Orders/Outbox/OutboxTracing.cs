using System.Diagnostics;

namespace ECommerce.Orders.Outbox;

/// <summary>
/// Spans for the relay's sends, in the trace of the request that wrote the outbox record: an order placed through
/// the gateway shows, in one trace, its publication to Kafka and SQS moments later.
/// </summary>
public static class OutboxTracing
{
    public static readonly ActivitySource Source = new("ECommerce.Orders.Outbox");

    /// <summary>
    /// A producer span under the record's trace context (when it has one) for one destination. It does not become the
    /// current span: the relay starts one per record of a batch, and each belongs to its own record's trace only.
    /// </summary>
    public static Activity? StartSend(OutboxRecord record, string system, string destination)
    {
        ActivityContext.TryParse(record.TraceParent, null, out var parent);
        var current = Activity.Current;
        Activity.Current = null;
        var activity = Source.StartActivity($"{destination} publish", ActivityKind.Producer, parent);
        Activity.Current = current;
        activity?.SetTag("messaging.system", system);
        activity?.SetTag("messaging.destination.name", destination);
        activity?.SetTag("messaging.message.id", record.Id.ToString());
        activity?.SetTag("ecommerce.order_id", record.OrderId.ToString());
        return activity;
    }

    public static void Failed(Activity? send, Exception exception)
    {
        send?.SetStatus(ActivityStatusCode.Error, exception.Message);
        send?.AddException(exception);
    }

    /// <summary>The trace context a consumer continues from: the send's span, else the record's own.</summary>
    public static string? Propagated(Activity? send, OutboxRecord record) => send?.Id ?? record.TraceParent;
}
