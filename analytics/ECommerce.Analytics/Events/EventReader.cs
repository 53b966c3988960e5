using System.Text;
using ECommerce.Contracts.Orders;

namespace ECommerce.Analytics.Events;

/// <summary>
/// Reads an order event from the <c>orders</c> topic, or says why analytics cannot use it. A reason sends the
/// message to the dead-letter topic; it never stops the job.
/// </summary>
public static class EventReader
{
    public static bool TryRead(byte[]? value, out OrderEvent? orderEvent, out string? reason)
    {
        orderEvent = null;
        if (value is null || value.Length == 0)
        {
            reason = "empty message";
            return false;
        }
        string json;
        try
        {
            json = new UTF8Encoding(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true).GetString(value);
        }
        catch (DecoderFallbackException)
        {
            reason = "not UTF-8";
            return false;
        }
        if (!OrderEvent.TryParse(json, out var parsed, out reason))
        {
            return false;
        }
        reason = Invalid(parsed!);
        orderEvent = reason is null ? parsed : null;
        return reason is null;
    }

    private static string? Invalid(OrderEvent e) =>
        e.OccurredAt == default ? "missing occurred_at"
        : e.TotalAmount < 0 ? "negative total_amount"
        : e.Items.Count == 0 && e.EventType == OrderEventTypes.Created ? "an order.created without items"
        : e.Items.Any(i => i is null) ? "missing item"
        : e.Items.Any(i => i.Quantity <= 0) ? "item quantity not positive"
        : e.Items.Any(i => i.UnitPrice < 0) ? "negative unit_price"
        : e.Items.Any(i => i.ProductId == Guid.Empty) ? "item without product_id"
        : null;
}
