using System.Globalization;
using Amazon.DynamoDBv2.Model;
using ECommerce.Contracts.Orders;
using ECommerce.ServiceDefaults;

namespace ECommerce.Orders.Outbox;

/// <summary>What the relay must still do for an order: publish an event, or release or commit its stock.</summary>
public static class OutboxKinds
{
    public const string Event = "event";
    public const string ReleaseStock = "stock.release";
    public const string CommitStock = "stock.commit";
}

/// <summary>
/// Items of <c>ecommerce-order-outbox</c>, written in the same DynamoDB transaction as the order change they
/// belong to, so that nothing accepted is ever lost. <c>pending</c> exists only until the relay is done with the
/// record, which keeps the <c>pending-index</c> a list of exactly the work left.
/// </summary>
public static class OutboxRecords
{
    public const string PendingIndex = "pending-index";
    public const string PendingValue = "1";

    public static Put Event(OrderEvent orderEvent) => new()
    {
        TableName = DynamoDbTables.OrderOutbox,
        Item = Common(orderEvent.EventId, OutboxKinds.Event, orderEvent.OrderId, orderEvent.OccurredAt, new Dictionary<string, AttributeValue>
        {
            ["event_type"] = new() { S = orderEvent.EventType },
            ["payload"] = new() { S = orderEvent.ToJson() },
            // The request's trace continues in the consumers, whenever the relay gets to publish.
            ["traceparent"] = new() { S = System.Diagnostics.Activity.Current?.Id ?? "" },
        }),
        ConditionExpression = "attribute_not_exists(event_id)",
    };

    public static Put Task(string kind, Guid orderId, DateTimeOffset now) => new()
    {
        TableName = DynamoDbTables.OrderOutbox,
        Item = Common(Guid.CreateVersion7(), kind, orderId, now, []),
        ConditionExpression = "attribute_not_exists(event_id)",
    };

    private static Dictionary<string, AttributeValue> Common(Guid id, string kind, Guid orderId, DateTimeOffset now, Dictionary<string, AttributeValue> extra)
    {
        extra["event_id"] = new() { S = id.ToString() };
        extra["kind"] = new() { S = kind };
        extra["order_id"] = new() { S = orderId.ToString() };
        extra["pending"] = new() { S = PendingValue };
        extra["created_at"] = new() { S = now.ToString("O", CultureInfo.InvariantCulture) };
        extra["attempts"] = new() { N = "0" };
        extra["next_attempt_at"] = new() { N = now.ToUnixTimeMilliseconds().ToString(CultureInfo.InvariantCulture) };
        return extra;
    }
}
