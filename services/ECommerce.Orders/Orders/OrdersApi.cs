using System.Security.Claims;
using ECommerce.ServiceDefaults.Authentication;
using ECommerce.ServiceDefaults.Http;
using ECommerce.ServiceDefaults.Idempotency;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.AspNetCore.Mvc;

namespace ECommerce.Orders.Orders;

public static class OrdersApi
{
    public const int DefaultPageSize = 20;
    public const int MaximumPageSize = 100;

    public static RouteGroupBuilder MapOrdersApi(this IEndpointRouteBuilder app)
    {
        var api = app.MapGroup("/api/v1/orders").WithTags("Orders").RequireAuthorization();
        // 403 for an account that may not order, 409 for stock not there (or a request superseded by its retry), 422
        // naming products that do not exist; 503 when users, products or the order store do not answer, or when the
        // order could not be stored in time and was given up (nothing ordered).
        api.MapPost("", Place).WithValidation<PlaceOrderRequest>().WithIdempotencyKey<PlaceOrderRequest>("place-order")
            .ProducesProblem(StatusCodes.Status403Forbidden)
            .ProducesProblem(StatusCodes.Status409Conflict)
            .ProducesProblem(StatusCodes.Status422UnprocessableEntity)
            .ProducesProblem(StatusCodes.Status503ServiceUnavailable);
        api.MapGet("", List);
        api.MapGet("/{id:guid}", Get);
        api.MapPost("/{id:guid}/cancel", Cancel).ProducesProblem(StatusCodes.Status409Conflict);
        api.MapPost("/{id:guid}/ship", Ship).RequireAuthorization(Policies.Admin).ProducesProblem(StatusCodes.Status409Conflict);
        return api;
    }

    public static async Task<Results<Created<OrderResponse>, ProblemHttpResult>> Place(
        PlaceOrderRequest request, ClaimsPrincipal caller, HttpContext http, OrderPlacement placement, CancellationToken cancellationToken)
    {
        // The response is stored in the order's own transaction: one write fewer, and a superseded request stores nothing.
        var idempotent = http.Features.GetRequiredFeature<IdempotentRequest>();
        var outcome = await placement.PlaceAsync(caller.GetUserId(), request,
            order => idempotent.ResponseItem(StatusCodes.Status201Created, OrderResponse.From(order), Location(order)), cancellationToken);
        if (outcome is PlacementOutcome.Placed)
        {
            idempotent.MarkRecorded();
        }
        if (outcome is PlacementOutcome.Refused { Status: StatusCodes.Status503ServiceUnavailable })
        {
            // Nothing was placed, and a retry can succeed.
            http.Response.Headers.RetryAfter = "5";
        }
        return outcome switch
        {
            PlacementOutcome.Placed(var order) => TypedResults.Created(Location(order), OrderResponse.From(order)),
            PlacementOutcome.Refused(var status, var title, var detail, _, var extensions) =>
                TypedResults.Problem(statusCode: status, title: title, detail: detail, extensions: extensions),
            _ => throw new InvalidOperationException("Unknown placement outcome."),
        };
    }

    private static string Location(Order order) => $"/api/v1/orders/{order.Id}";

    // Someone else's order answers exactly like a missing one.
    public static async Task<Results<Ok<OrderResponse>, NotFound>> Get(Guid id, ClaimsPrincipal caller, OrderStore orders, CancellationToken cancellationToken) =>
        await orders.FindAsync(id, cancellationToken) is { } order && caller.MayAccess(order.UserId)
            ? TypedResults.Ok(OrderResponse.From(order))
            : TypedResults.NotFound();

    public static async Task<Results<Ok<OrderPage>, ValidationProblem>> List(
        ClaimsPrincipal caller, OrderStore orders, int? limit, [FromQuery(Name = "page_token")] string? pageToken, CancellationToken cancellationToken)
    {
        if (limit is < 1 or > MaximumPageSize)
        {
            return TypedResults.ValidationProblem(new Dictionary<string, string[]> { ["limit"] = [$"'limit' must be between 1 and {MaximumPageSize}."] });
        }
        try
        {
            var (page, next) = await orders.ListByUserAsync(caller.GetUserId(), limit ?? DefaultPageSize, pageToken, cancellationToken);
            return TypedResults.Ok(new OrderPage(page.Select(OrderResponse.From).ToList(), next));
        }
        catch (Exception exception) when (exception is FormatException or System.Text.Json.JsonException)
        {
            return TypedResults.ValidationProblem(new Dictionary<string, string[]> { ["page_token"] = ["Not a page token of this listing."] });
        }
    }

    public static async Task<Results<Ok<OrderResponse>, NotFound, ProblemHttpResult>> Cancel(
        Guid id, ClaimsPrincipal caller, OrderStore orders, OrderTransitions transitions, CancellationToken cancellationToken)
    {
        if (await orders.FindAsync(id, cancellationToken) is not { } order || !caller.MayAccess(order.UserId))
        {
            return TypedResults.NotFound();
        }
        return ToResult(await transitions.CancelAsync(id, caller.IsAdmin() && order.UserId != caller.GetUserId() ? "cancelled by an administrator" : "cancelled by the customer", cancellationToken));
    }

    public static async Task<Results<Ok<OrderResponse>, NotFound, ProblemHttpResult>> Ship(Guid id, OrderTransitions transitions, CancellationToken cancellationToken) =>
        ToResult(await transitions.ShipAsync(id, cancellationToken));

    public static Results<Ok<OrderResponse>, NotFound, ProblemHttpResult> ToResult((TransitionResult Result, Order? Order) outcome) => outcome.Result switch
    {
        TransitionResult.Done or TransitionResult.AlreadyDone => TypedResults.Ok(OrderResponse.From(outcome.Order!)),
        TransitionResult.NotFound => TypedResults.NotFound(),
        _ => TypedResults.Problem(statusCode: StatusCodes.Status409Conflict, title: "Order cannot make this change",
            detail: $"The order is {outcome.Order?.Status}."),
    };
}
