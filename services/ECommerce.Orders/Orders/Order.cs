using ECommerce.Contracts.Orders;

namespace ECommerce.Orders.Orders;

public static class OrderStatuses
{
    public const string Pending = "pending";
    public const string Confirmed = "confirmed";
    public const string Shipped = "shipped";
    public const string Cancelled = "cancelled";
}

public sealed record OrderLine(Guid ProductId, string Name, int Quantity, decimal UnitPrice)
{
    public decimal LineTotal => UnitPrice * Quantity;
}

/// <summary>An order as stored in <c>ecommerce-orders</c>. Prices are those reserved, fixed for the order's life.
/// <see cref="ShippingAddress"/> is null only for orders placed before addresses were asked for; <see cref="Refund"/> is
/// set on a cancelled order whose payment came in late and was given back. <see cref="EventSequence"/> is the number of
/// the order's last event (0 for orders placed before events were numbered).</summary>
public sealed record Order(Guid Id, Guid UserId, string Status, IReadOnlyList<OrderLine> Items, decimal TotalAmount,
    DateTimeOffset CreatedAt, DateTimeOffset UpdatedAt, string? Reason = null, ShippingAddress? ShippingAddress = null,
    OrderPayment? Payment = null, OrderRefund? Refund = null, long EventSequence = 1);
