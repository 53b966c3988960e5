using ECommerce.Orders.Clients;
using Microsoft.Extensions.Options;

namespace ECommerce.Orders.Orders;

/// <summary>
/// Gives back the stock of placements that reserved it and then never stored their order: the service was killed in
/// between, or DynamoDB failed so that the placement could not even tell whether its order was stored, and kept the
/// reservation rather than risk releasing a stored order's stock. A reservation older than
/// <see cref="OrderOptions.PlacementAbandonedAfter"/> without its order is one of those. The sweep first marks the
/// order id as given up, so that a placement still running somehow can no longer store its order, and only then
/// releases the stock; an order stored first keeps its reservation, which its payment or its deadline settles. Every
/// step is conditional or idempotent, so instances sweeping side by side, or a sweep cut short, do no harm.
/// </summary>
public sealed class AbandonedPlacements(ProductsClient products, OrderStore orders, OrderMetrics metrics, IOptions<OrderOptions> options,
    TimeProvider clock, ILogger<AbandonedPlacements> logger) : BackgroundService
{
    private const int PageSize = 100;

    // Each reservation is looked at once per process, when it crosses the bound: the held reservations of unpaid
    // orders would otherwise be checked again on every sweep until their deadline. The mark moves only when a sweep
    // has looked at everything before it, so a failed sweep is done again from where the last good one ended.
    private DateTimeOffset _sweptBefore = DateTimeOffset.MinValue;

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                var before = clock.GetUtcNow() - options.Value.PlacementAbandonedAfter;
                await SweepAsync(before, stoppingToken);
                _sweptBefore = before;
            }
            catch (Exception exception) when (!stoppingToken.IsCancellationRequested)
            {
                logger.LogWarning(exception, "Could not look for abandoned placements; trying again shortly.");
            }
            await Task.Delay(options.Value.SweepInterval, stoppingToken).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
        }
    }

    private async Task SweepAsync(DateTimeOffset before, CancellationToken cancellationToken)
    {
        // Where the previous sweep ended: everything it looked at was made before this time.
        var after = new HeldReservation(Guid.Empty, _sweptBefore);
        IReadOnlyList<HeldReservation> page;
        do
        {
            page = await products.ListHeldReservationsAsync(before, after, PageSize, cancellationToken);
            foreach (var held in page)
            {
                if (await orders.AbandonPlacementAsync(held.OrderId, clock.GetUtcNow(), cancellationToken))
                {
                    await products.ReleaseAsync(held.OrderId, cancellationToken);
                    metrics.PlacementAbandoned();
                    logger.LogWarning("Order {OrderId} reserved stock at {ReservedAt} but was never stored: its placement is given up and the stock released.",
                        held.OrderId, held.ReservedAt);
                }
            }
            after = page.Count > 0 ? page[^1] : after;
        }
        while (page.Count == PageSize);
    }
}
