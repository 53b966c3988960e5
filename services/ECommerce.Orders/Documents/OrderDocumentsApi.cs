using System.Security.Claims;
using ECommerce.Orders.Orders;
using ECommerce.ServiceDefaults.Authentication;

namespace ECommerce.Orders.Documents;

public sealed record OrderDocumentList(Guid OrderId, IReadOnlyList<OrderDocumentLink> Items);

/// <summary>The invoice, receipt and shipment label of an order, for its owner or an administrator.</summary>
public static class OrderDocumentsApi
{
    public static RouteGroupBuilder MapOrderDocumentsApi(this IEndpointRouteBuilder app)
    {
        var api = app.MapGroup("/api/v1/orders/{id:guid}/documents").WithTags("Orders").RequireAuthorization();
        api.MapGet("", List);
        return api;
    }

    // Someone else's order answers exactly like a missing one, documents or not.
    public static async Task<Results<Ok<OrderDocumentList>, NotFound>> List(Guid id, ClaimsPrincipal caller, OrderStore orders, DocumentLinks links,
        CancellationToken cancellationToken) =>
        await orders.FindAsync(id, cancellationToken) is { } order && caller.MayAccess(order.UserId)
            ? TypedResults.Ok(new OrderDocumentList(id, await links.ListAsync(id, cancellationToken)))
            : TypedResults.NotFound();
}
