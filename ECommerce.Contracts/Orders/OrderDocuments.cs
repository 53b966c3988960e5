namespace ECommerce.Contracts.Orders;

/// <summary>
/// The documents of an order in S3 <c>ecommerce-order-documents</c>, under <c>orders/{order_id}/</c>: the invoice
/// (made when the order is confirmed), the receipt (when its payment succeeded, which is what confirms it) and the
/// shipment label (when it ships).
/// </summary>
public static class OrderDocuments
{
    public const string Invoice = "invoice";
    public const string Receipt = "receipt";
    public const string ShipmentLabel = "shipment_label";

    public static readonly string[] Kinds = [Invoice, Receipt, ShipmentLabel];

    public static string Prefix(Guid orderId) => $"orders/{orderId}/";

    public static string Key(Guid orderId, string kind) => $"{Prefix(orderId)}{kind}.pdf";

    /// <summary>The kind a key names, or null for any other object under the prefix.</summary>
    public static string? KindOf(Guid orderId, string key) =>
        Kinds.FirstOrDefault(kind => key == Key(orderId, kind));
}
