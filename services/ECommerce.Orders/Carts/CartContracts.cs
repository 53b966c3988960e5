using System.Text.Json;
using System.Text.Json.Serialization;

namespace ECommerce.Orders.Carts;

/// <summary>
/// Puts a product in the caller's cart, or changes its line. <see cref="Attributes"/> are the line's choices —
/// size, colour, gift wrap — as short strings or booleans.
/// </summary>
[JsonUnmappedMemberHandling(JsonUnmappedMemberHandling.Disallow)]
public sealed record PutCartItemRequest(int Quantity, Dictionary<string, JsonElement>? Attributes);

public sealed record CartItemResponse(
    Guid ProductId, string Name, int Quantity, decimal UnitPrice, decimal LineTotal,
    IReadOnlyDictionary<string, object> Attributes, DateTimeOffset AddedAt, DateTimeOffset ExpiresAt);

public sealed record CartResponse(IReadOnlyList<CartItemResponse> Items, int ItemCount, decimal Total);
