using System.Security.Claims;
using ECommerce.Orders.Clients;
using ECommerce.ServiceDefaults.Authentication;
using ECommerce.ServiceDefaults.Http;

namespace ECommerce.Orders.Carts;

/// <summary>The caller's own cart: there is no cart id to guess, the token says whose cart it is.</summary>
public static class CartsApi
{
    public const int MaximumLines = ECommerce.Orders.Orders.PlaceOrderRequestValidator.MaximumLines;

    public static RouteGroupBuilder MapCartsApi(this IEndpointRouteBuilder app)
    {
        var api = app.MapGroup("/api/v1/carts").WithTags("Carts").RequireAuthorization();
        api.MapGet("", Get);
        api.MapPut("/items/{productId:guid}", PutItem).WithValidation<PutCartItemRequest>()
            .ProducesProblem(StatusCodes.Status404NotFound)
            .ProducesProblem(StatusCodes.Status409Conflict)
            .ProducesProblem(StatusCodes.Status503ServiceUnavailable);
        api.MapDelete("/items/{productId:guid}", RemoveItem);
        api.MapDelete("", Clear);
        return api;
    }

    public static async Task<Ok<CartResponse>> Get(ClaimsPrincipal caller, CartStore carts, CancellationToken cancellationToken) =>
        TypedResults.Ok(ToResponse(await carts.ListAsync(caller.GetUserId(), cancellationToken)));

    /// <summary>The price is the catalog's at the moment the line is put; the order takes the price at reservation.</summary>
    public static async Task<Results<Ok<CartItemResponse>, ProblemHttpResult>> PutItem(
        Guid productId, PutCartItemRequest request, ClaimsPrincipal caller, CartStore carts, ProductsClient products,
        TimeProvider clock, CancellationToken cancellationToken)
    {
        if (await products.FindAsync(productId, cancellationToken) is not { } product)
        {
            return TypedResults.Problem(statusCode: StatusCodes.Status404NotFound, title: "Unknown product", detail: $"Product '{productId}' does not exist.");
        }
        var userId = caller.GetUserId();
        var now = clock.GetUtcNow();
        var lines = await carts.ListAsync(userId, cancellationToken);
        var existing = lines.FirstOrDefault(i => i.ProductId == productId);
        if (existing is null && lines.Count >= MaximumLines)
        {
            return TypedResults.Problem(statusCode: StatusCodes.Status409Conflict, title: "Cart full",
                detail: $"A cart holds at most {MaximumLines} different products, as many as one order can.");
        }
        var item = new CartItem(userId, productId, product.Name, request.Quantity, product.Price,
            CartStore.Normalize(request.Attributes), existing?.AddedAt ?? now, now + carts.ItemLifetime);
        await carts.PutAsync(item, cancellationToken);
        return TypedResults.Ok(ToResponse(item));
    }

    public static async Task<Results<NoContent, NotFound>> RemoveItem(Guid productId, ClaimsPrincipal caller, CartStore carts, CancellationToken cancellationToken) =>
        await carts.RemoveAsync(caller.GetUserId(), productId, cancellationToken) ? TypedResults.NoContent() : TypedResults.NotFound();

    public static async Task<NoContent> Clear(ClaimsPrincipal caller, CartStore carts, CancellationToken cancellationToken)
    {
        await carts.ClearAsync(caller.GetUserId(), cancellationToken);
        return TypedResults.NoContent();
    }

    private static CartResponse ToResponse(IReadOnlyList<CartItem> items) =>
        new(items.Select(ToResponse).ToList(), items.Sum(i => i.Quantity), items.Sum(i => i.UnitPrice * i.Quantity));

    private static CartItemResponse ToResponse(CartItem item) =>
        new(item.ProductId, item.Name, item.Quantity, item.UnitPrice, item.UnitPrice * item.Quantity, item.Attributes, item.AddedAt, item.ExpiresAt);
}
