using System.Text.Json.Serialization;

namespace ECommerce.Orders.Orders;

/// <summary>Places an order for <see cref="Items"/>, or for the caller's cart when no items are given.</summary>
[JsonUnmappedMemberHandling(JsonUnmappedMemberHandling.Disallow)]
public sealed record PlaceOrderRequest(IReadOnlyList<OrderLineRequest>? Items);

[JsonUnmappedMemberHandling(JsonUnmappedMemberHandling.Disallow)]
public sealed record OrderLineRequest(Guid ProductId, int Quantity);

[JsonUnmappedMemberHandling(JsonUnmappedMemberHandling.Disallow)]
public sealed record OrderTransitionRequest(string? Reason);

public sealed record OrderItemResponse(Guid ProductId, string Name, int Quantity, decimal UnitPrice, decimal LineTotal);

public sealed record OrderResponse(Guid Id, Guid UserId, string Status, IReadOnlyList<OrderItemResponse> Items, decimal TotalAmount,
    DateTimeOffset CreatedAt, DateTimeOffset UpdatedAt, string? Reason)
{
    public static OrderResponse From(Order order) => new(order.Id, order.UserId, order.Status,
        order.Items.Select(i => new OrderItemResponse(i.ProductId, i.Name, i.Quantity, i.UnitPrice, i.LineTotal)).ToList(),
        order.TotalAmount, order.CreatedAt, order.UpdatedAt, order.Reason);
}

public sealed record OrderPage(IReadOnlyList<OrderResponse> Items, string? NextPageToken);
