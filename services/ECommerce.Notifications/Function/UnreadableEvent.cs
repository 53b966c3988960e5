using System.Globalization;
using System.Text.Json;
using ECommerce.Notifications.Lambda;

namespace ECommerce.Notifications.Function;

/// <summary>
/// What can still be read from a message that is not an order event this version understands (an unknown type, a
/// missing field): the order and event it names, so that a "failed" notification can be filed under that order.
/// The time comes from the event, else from when SQS received the message, so every delivery files the same record.
/// </summary>
public sealed record UnreadableEvent(Guid OrderId, Guid EventId, DateTimeOffset OccurredAt, Guid? UserId, string? EventType)
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
                || (TimeOf(root) ?? SentAt(message)) is not { } occurredAt)
            {
                return null;
            }
            var eventType = root.TryGetProperty("event_type", out var type) && type.ValueKind == JsonValueKind.String ? type.GetString() : null;
            return new UnreadableEvent(orderId, eventId, occurredAt, GuidOf(root, "user_id"), eventType);
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

    private static DateTimeOffset? SentAt(SqsMessage message) =>
        long.TryParse(message.Attributes.GetValueOrDefault("SentTimestamp"), NumberStyles.None, CultureInfo.InvariantCulture, out var ms)
            ? DateTimeOffset.FromUnixTimeMilliseconds(ms)
            : null;
}
