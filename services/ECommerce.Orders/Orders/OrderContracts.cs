using System.Text.Json.Serialization;
using ECommerce.Contracts.Orders;

namespace ECommerce.Orders.Orders;

/// <summary>
/// Places an order for <see cref="Items"/>, or for the caller's cart when no items are given, to be sent to
/// <see cref="ShippingAddress"/> (required).
/// </summary>
[JsonUnmappedMemberHandling(JsonUnmappedMemberHandling.Disallow)]
public sealed record PlaceOrderRequest(IReadOnlyList<OrderLineRequest>? Items, ShippingAddressRequest? ShippingAddress = null);

[JsonUnmappedMemberHandling(JsonUnmappedMemberHandling.Disallow)]
public sealed record ShippingAddressRequest(string? Name, string? Line1, string? Line2, string? City, string? Region, string? PostalCode, string? Country)
{
    /// <summary>Only once validated: the required parts are there. Empty optional parts are left out.</summary>
    public ShippingAddress ToAddress() => new(Name!, Line1!, NullIfEmpty(Line2), City!, NullIfEmpty(Region), PostalCode!, Country!);

    private static string? NullIfEmpty(string? text) => string.IsNullOrEmpty(text) ? null : text;
}

/// <summary>The payment that confirms an order: payments tells which one, so the receipt can show it.</summary>
[JsonUnmappedMemberHandling(JsonUnmappedMemberHandling.Disallow)]
public sealed record ConfirmOrderRequest(Guid PaymentId, string? CardLast4, string? TransactionId, DateTimeOffset PaidAt);

/// <summary>A payment that came in after its order was cancelled was given back: payments tells the order.</summary>
[JsonUnmappedMemberHandling(JsonUnmappedMemberHandling.Disallow)]
public sealed record RecordRefundRequest(Guid PaymentId, string? RefundId, decimal Amount, DateTimeOffset RefundedAt, string? Reason);

[JsonUnmappedMemberHandling(JsonUnmappedMemberHandling.Disallow)]
public sealed record OrderLineRequest(Guid ProductId, int Quantity);

[JsonUnmappedMemberHandling(JsonUnmappedMemberHandling.Disallow)]
public sealed record OrderTransitionRequest(string? Reason);

public sealed record OrderItemResponse(Guid ProductId, string Name, int Quantity, decimal UnitPrice, decimal LineTotal);

public sealed record OrderResponse(Guid Id, Guid UserId, string Status, IReadOnlyList<OrderItemResponse> Items, decimal TotalAmount,
    DateTimeOffset CreatedAt, DateTimeOffset UpdatedAt, string? Reason, ShippingAddress? ShippingAddress, OrderRefund? Refund)
{
    public static OrderResponse From(Order order) => new(order.Id, order.UserId, order.Status,
        order.Items.Select(i => new OrderItemResponse(i.ProductId, i.Name, i.Quantity, i.UnitPrice, i.LineTotal)).ToList(),
        order.TotalAmount, order.CreatedAt, order.UpdatedAt, order.Reason, order.ShippingAddress, order.Refund);
}

public sealed record OrderPage(IReadOnlyList<OrderResponse> Items, string? NextPageToken);
