using ECommerce.ServiceDefaults;
using ECommerce.ServiceDefaults.Authentication;
using ECommerce.ServiceDefaults.Http;
using Microsoft.AspNetCore.Mvc;

namespace ECommerce.Products.Stock;

/// <summary>
/// Stock reservations for the orders service, inside the cluster only (the gateway never routes <c>/internal</c>).
/// A rejected reservation is a 409 ProblemDetails listing the problems; asking again answers the same.
/// </summary>
public static class StockReservationsApi
{
    public static RouteGroupBuilder MapStockReservationsApi(this IEndpointRouteBuilder app)
    {
        var api = app.MapGroup("/internal/stock/reservations").WithTags("Internal").ExcludeFromDescription()
            .RequireInternalCaller(ResourceNames.Orders);
        api.MapPost("", Reserve).WithValidation<ReserveStockRequest>();
        api.MapGet("/held", ListHeld);
        api.MapGet("/{orderId:guid}", Get);
        api.MapPost("/{orderId:guid}/release", async (Guid orderId, StockReservations reservations, CancellationToken ct) =>
            ToResult(await reservations.ReleaseAsync(orderId, ct)));
        api.MapPost("/{orderId:guid}/commit", async (Guid orderId, StockReservations reservations, CancellationToken ct) =>
            ToResult(await reservations.CommitAsync(orderId, ct)));
        return api;
    }

    public static async Task<Results<Ok<Reservation>, ProblemHttpResult>> Reserve(
        ReserveStockRequest request, StockReservations reservations, CancellationToken cancellationToken)
    {
        var (reservation, linesDiffer) = await reservations.ReserveAsync(request, cancellationToken);
        if (linesDiffer)
        {
            return TypedResults.Problem(statusCode: StatusCodes.Status422UnprocessableEntity, title: "Order already reserved differently",
                detail: $"Order {reservation.OrderId} was reserved with other lines; an order id is reserved once.");
        }
        return reservation.Status == ReservationStatuses.Reserved
            ? TypedResults.Ok(reservation)
            : Conflict(reservation, "Stock not reserved", $"The reservation of order {reservation.OrderId} is {reservation.Status}.");
    }

    public const int MaximumHeldPage = 500;

    /// <summary>
    /// A page of the reservations made before <paramref name="before"/> that still hold stock, oldest first; the next
    /// page starts after the last one's time and order id.
    /// </summary>
    public static async Task<Results<Ok<IReadOnlyList<HeldReservation>>, ValidationProblem>> ListHeld(
        DateTimeOffset? before, [FromQuery(Name = "after_time")] DateTimeOffset? afterTime, [FromQuery(Name = "after_order")] Guid? afterOrder,
        StockReservations reservations, CancellationToken cancellationToken, int limit = 100)
    {
        if (before is null)
        {
            return TypedResults.ValidationProblem(new Dictionary<string, string[]> { ["before"] = ["'before' is required: a time with its offset."] });
        }
        if (limit is < 1 or > MaximumHeldPage)
        {
            return TypedResults.ValidationProblem(new Dictionary<string, string[]> { ["limit"] = [$"'limit' must be between 1 and {MaximumHeldPage}."] });
        }
        return TypedResults.Ok(await reservations.ListHeldAsync(before.Value, afterTime ?? DateTimeOffset.MinValue, afterOrder ?? Guid.Empty, limit,
            cancellationToken));
    }

    public static async Task<Results<Ok<Reservation>, NotFound>> Get(Guid orderId, StockReservations reservations, CancellationToken cancellationToken) =>
        await reservations.FindAsync(orderId, cancellationToken) is { } reservation ? TypedResults.Ok(reservation) : TypedResults.NotFound();

    private static Results<Ok<Reservation>, NotFound, ProblemHttpResult> ToResult((ReservationChange Change, Reservation? Reservation) outcome) =>
        outcome.Change switch
        {
            ReservationChange.Done => TypedResults.Ok(outcome.Reservation!),
            ReservationChange.Conflict => Conflict(outcome.Reservation!, "Reservation already settled",
                $"The reservation of order {outcome.Reservation!.OrderId} is already {outcome.Reservation.Status}."),
            _ => TypedResults.NotFound(),
        };

    private static ProblemHttpResult Conflict(Reservation reservation, string title, string detail) =>
        TypedResults.Problem(statusCode: StatusCodes.Status409Conflict, title: title, detail: detail,
            extensions: new Dictionary<string, object?>
            {
                ["order_id"] = reservation.OrderId,
                ["reservation_status"] = reservation.Status,
                ["problems"] = reservation.Problems,
            });
}
