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

    // Each reservation is looked at about once per process, as it crosses the bound: the held reservations of unpaid
    // orders would otherwise be checked again on every sweep until their deadline. A sweep starts a bound's length
    // before where the last complete one ended, because a reservation becomes visible only when its transaction
    // commits, which can be later than the time it carries (a reserve waiting on a busy product's lock). The mark
    // moves only when a sweep settled everything it saw, so one that failed is done again.
    private DateTimeOffset _sweptBefore = DateTimeOffset.MinValue;

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                var before = clock.GetUtcNow() - options.Value.PlacementAbandonedAfter;
                if (await SweepAsync(before, stoppingToken))
                {
                    _sweptBefore = before;
                }
            }
            catch (Exception exception) when (!stoppingToken.IsCancellationRequested)
            {
                logger.LogWarning(exception, "Could not look for abandoned placements; trying again shortly.");
            }
            await Task.Delay(options.Value.SweepInterval, stoppingToken).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
        }
    }

    /// <returns>False when some reservation could not be settled (and is looked at again next time).</returns>
    private async Task<bool> SweepAsync(DateTimeOffset before, CancellationToken cancellationToken)
    {
        var (afterTime, afterOrder) = (_sweptBefore == DateTimeOffset.MinValue ? _sweptBefore : _sweptBefore - options.Value.PlacementAbandonedAfter, Guid.Empty);
        var settledAll = true;
        IReadOnlyList<HeldReservation> page;
        do
        {
            page = await products.ListHeldReservationsAsync(before, afterTime, afterOrder, PageSize, cancellationToken);
            foreach (var held in page)
            {
                try
                {
                    await SettleAsync(held, cancellationToken);
                }
                catch (Exception exception) when (!cancellationToken.IsCancellationRequested)
                {
                    // One reservation that cannot be settled now must not hold back the others.
                    logger.LogWarning(exception, "Could not settle the reservation of order {OrderId}; it is looked at again on the next sweep.", held.OrderId);
                    settledAll = false;
                }
            }
            if (page.Count > 0)
            {
                (afterTime, afterOrder) = (page[^1].ReservedAt, page[^1].OrderId);
            }
        }
        while (page.Count == PageSize);
        return settledAll;
    }

    private async Task SettleAsync(HeldReservation held, CancellationToken cancellationToken)
    {
        if (await orders.AbandonPlacementAsync(held.OrderId, clock.GetUtcNow(), cancellationToken))
        {
            await products.ReleaseAsync(held.OrderId, cancellationToken);
            metrics.PlacementAbandoned();
            logger.LogWarning("Order {OrderId} reserved stock at {ReservedAt} but was never stored: its placement is given up and the stock released.",
                held.OrderId, held.ReservedAt);
        }
    }
}
