using System.Text.Json;

namespace ECommerce.Contracts.Orders;

public static class OrderEventTypes
{
    public const string Created = "order.created";
    public const string Confirmed = "order.confirmed";
    public const string Cancelled = "order.cancelled";
    public const string Shipped = "order.shipped";

    /// <summary>A cancelled order's payment was given back (it succeeded after the order was cancelled).</summary>
    public const string PaymentRefunded = "order.payment_refunded";

    public static readonly string[] All = [Created, Confirmed, Cancelled, Shipped, PaymentRefunded];
}

public sealed record OrderEventItem(Guid ProductId, string Name, int Quantity, decimal UnitPrice);

/// <summary>
/// An order's transition, as published to Kafka <c>orders</c> and SQS <c>order-events</c>. <see cref="EventId"/> is
/// the identity consumers deduplicate on; <see cref="Version"/> changes only with an incompatible shape (consumers
/// refuse versions they do not know rather than guess). <see cref="ShippingAddress"/> is absent only on orders placed
/// before addresses were asked for; <see cref="Payment"/> is set from <c>order.confirmed</c> on, <see cref="Refund"/> on
/// <c>order.payment_refunded</c>. <see cref="Sequence"/> numbers an order's events 1, 2, 3… in the order they
/// happened, as the order's own transactions decided it: consumers order an order's events by it, not by
/// <see cref="OccurredAt"/>, which is a writer's clock (0 on events written before sequences existed).
/// </summary>
public sealed record OrderEvent(
    Guid EventId,
    string EventType,
    int Version,
    DateTimeOffset OccurredAt,
    Guid OrderId,
    Guid UserId,
    string Status,
    decimal TotalAmount,
    IReadOnlyList<OrderEventItem> Items,
    string? Reason = null,
    ShippingAddress? ShippingAddress = null,
    OrderPayment? Payment = null,
    OrderRefund? Refund = null,
    long Sequence = 0)
{
    public const int CurrentVersion = 1;

    public string ToJson() => JsonSerializer.Serialize(this, OrderEventJson.TypeInfo);

    /// <summary>Reads an event, or says why it is not one this version understands.</summary>
    public static bool TryParse(string json, out OrderEvent? orderEvent, out string? error)
    {
        orderEvent = null;
        try
        {
            var parsed = JsonSerializer.Deserialize(json, OrderEventJson.TypeInfo);
            error = parsed is null ? "empty message"
                : parsed.Version != CurrentVersion ? $"unsupported version {parsed.Version}"
                : !OrderEventTypes.All.Contains(parsed.EventType) ? $"unknown event type '{parsed.EventType}'"
                : parsed.EventId == Guid.Empty || parsed.OrderId == Guid.Empty || parsed.UserId == Guid.Empty ? "missing ids"
                : parsed.Items is null || parsed.Status is null ? "missing fields"
                : null;
            orderEvent = error is null ? parsed : null;
            return error is null;
        }
        catch (JsonException exception)
        {
            error = $"malformed JSON at {exception.Path ?? "$"}";
            return false;
        }
    }
}
