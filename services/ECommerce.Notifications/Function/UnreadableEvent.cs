using System.Text.Json;
using ECommerce.Lambda.RuntimeSupport;

namespace ECommerce.Notifications.Function;

/// <summary>
/// What can still be read from a message that is not an order event this version understands (an unknown type, a
/// missing field): the order and event it names, so that a "failed" notification can be filed under that order.
/// It needs the event's sequence number and time as well: the record's key is made of them and the event id, the key
/// the real event's record has, so a real event replaces the failure instead of standing beside it.
/// </summary>
public sealed record UnreadableEvent(Guid OrderId, Guid EventId, DateTimeOffset OccurredAt, long Sequence, Guid? UserId, string? EventType)
{
    public static UnreadableEvent? From(SqsMessage message)
    {
        try
        {
            using var document = JsonDocument.Parse(message.Body);
            var root = document.RootElement;
            if (root.ValueKind != JsonValueKind.Object
                || GuidOf(root, "order_id") is not { } orderId
                || GuidOf(root, "event_id") is not { } eventId
                || TimeOf(root) is not { } occurredAt)
            {
                return null;
            }
            var eventType = root.TryGetProperty("event_type", out var type) && type.ValueKind == JsonValueKind.String ? type.GetString() : null;
            var sequence = root.TryGetProperty("sequence", out var number) && number.ValueKind == JsonValueKind.Number && number.TryGetInt64(out var n) ? n : 0;
            return new UnreadableEvent(orderId, eventId, occurredAt, sequence, GuidOf(root, "user_id"), eventType);
        }
        catch (JsonException)
        {
            return null;
        }
    }

    private static Guid? GuidOf(JsonElement root, string name) =>
        root.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String && value.TryGetGuid(out var id) && id != Guid.Empty ? id : null;

    private static DateTimeOffset? TimeOf(JsonElement root) =>
        root.TryGetProperty("occurred_at", out var value) && value.ValueKind == JsonValueKind.String && value.TryGetDateTimeOffset(out var time) ? time : null;
}
