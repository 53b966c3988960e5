using Amazon.DynamoDBv2.Model;
using ECommerce.Contracts.Orders;
using ECommerce.Orders.Carts;
using ECommerce.Orders.Clients;
using ECommerce.Orders.Outbox;

namespace ECommerce.Orders.Orders;

public abstract record PlacementOutcome
{
    public sealed record Placed(Order Order) : PlacementOutcome;

    /// <param name="Reason">A short, stable name for the refusal, for the metrics: <see cref="RefusalReasons"/>.</param>
    /// <param name="Extensions">What the client needs to put the request right (which products, how many are left).</param>
    public sealed record Refused(int Status, string Title, string Detail, string Reason,
        IReadOnlyDictionary<string, object?>? Extensions = null) : PlacementOutcome;
}

public static class RefusalReasons
{
    public const string Empty = "empty";
    public const string TooLarge = "too_large";
    public const string AccountInactive = "account_inactive";
    public const string UnknownProduct = "unknown_product";
    public const string OutOfStock = "out_of_stock";
    public const string Superseded = "superseded";
    public const string Abandoned = "abandoned";
}

/// <summary>
/// The first half of the order saga: check the buyer, reserve the stock, then store the order and its
/// <c>order.created</c> event in one transaction — with the request's idempotent response, when the caller gives one, so
/// that a request whose key was taken over by a retry stores nothing. If anything fails once stock is reserved, the
/// reservation is released before the failure is reported — unless it cannot be known whether the order was stored;
/// then the reservation stays until the abandoned-placement sweep settles it (<see cref="AbandonedPlacements"/>).
/// </summary>
public sealed class OrderPlacement(UsersClient users, ProductsClient products, OrderStore orders, CartStore carts,
    OrderMetrics metrics, TimeProvider clock, ILogger<OrderPlacement> logger)
{
    /// <param name="response">The response to store with the order, as an item of its transaction (see <c>IdempotentRequest</c>).</param>
    public async Task<PlacementOutcome> PlaceAsync(Guid userId, PlaceOrderRequest request, Func<Order, TransactWriteItem>? response,
        CancellationToken cancellationToken)
    {
        var outcome = await PlaceOrRefuseAsync(userId, request, response, cancellationToken);
        metrics.Placement(outcome);
        return outcome;
    }

    private async Task<PlacementOutcome> PlaceOrRefuseAsync(Guid userId, PlaceOrderRequest request, Func<Order, TransactWriteItem>? response,
        CancellationToken cancellationToken)
    {
        var fromCart = request.Items is null;
        var lines = fromCart
            ? (await carts.ListAsync(userId, cancellationToken)).Select(i => new StockLine(i.ProductId, i.Quantity)).ToList()
            : request.Items!.GroupBy(i => i.ProductId).Select(g => new StockLine(g.Key, g.Sum(i => i.Quantity))).ToList();
        if (lines.Count == 0)
        {
            return new PlacementOutcome.Refused(StatusCodes.Status400BadRequest, "Nothing to order", "The cart is empty and the request names no items.", RefusalReasons.Empty);
        }
        if (lines.Count > PlaceOrderRequestValidator.MaximumLines || lines.Any(l => l.Quantity > PlaceOrderRequestValidator.MaximumQuantity))
        {
            return new PlacementOutcome.Refused(StatusCodes.Status400BadRequest, "Order too large",
                $"An order has at most {PlaceOrderRequestValidator.MaximumLines} lines of at most {PlaceOrderRequestValidator.MaximumQuantity} each.", RefusalReasons.TooLarge);
        }

        var buyer = await users.FindAsync(userId, cancellationToken);
        if (buyer is not { AccountStatus: "active" })
        {
            return new PlacementOutcome.Refused(StatusCodes.Status403Forbidden, "Account cannot order",
                "Only an active account can place orders.", RefusalReasons.AccountInactive);
        }

        var orderId = Guid.CreateVersion7();
        StockReservation? reservation;
        try
        {
            reservation = await products.ReserveAsync(orderId, lines, cancellationToken);
        }
        catch (Exception exception) when (exception is HttpRequestException or TaskCanceledException or Polly.Timeout.TimeoutRejectedException)
        {
            // The reserve may have reached the products service before the failure: release what it might hold.
            await CompensateAsync(orderId);
            throw;
        }
        if (!reservation.IsReserved)
        {
            return StockRefused(reservation.Problems);
        }

        var now = clock.GetUtcNow();
        var items = reservation.Items.Select(i => new OrderLine(i.ProductId, i.Name, i.Quantity, i.UnitPrice)).ToList();
        var order = new Order(orderId, userId, OrderStatuses.Pending, items, items.Sum(i => i.LineTotal), now, now,
            ShippingAddress: request.ShippingAddress!.ToAddress());
        OrderCreation? creation;
        try
        {
            // Not the request's token: once stock is held, a client that goes away must not leave the store half done.
            creation = await orders.CreateAsync(order, [OutboxRecords.Event(OrderEvents.For(order, OrderEventTypes.Created, now))],
                response?.Invoke(order), CancellationToken.None);
        }
        catch (Exception exception)
        {
            creation = await SettleFailedWriteAsync(orderId, exception);
            if (creation is not (OrderCreation.Created or OrderCreation.Abandoned))
            {
                throw;
            }
        }
        switch (creation)
        {
            case OrderCreation.Superseded:
                await CompensateAsync(orderId);
                return new PlacementOutcome.Refused(StatusCodes.Status409Conflict, "Request superseded",
                    "This request took so long that a retry with the same Idempotency-Key ran in its place; that retry's answer is the one that counts.",
                    RefusalReasons.Superseded);
            case OrderCreation.Abandoned:
                await CompensateAsync(orderId);
                return new PlacementOutcome.Refused(StatusCodes.Status503ServiceUnavailable, "Order not placed",
                    "The order could not be stored in time and was given up: nothing was ordered and no stock is held. Try again.",
                    RefusalReasons.Abandoned);
        }

        if (fromCart)
        {
            try
            {
                await carts.ClearAsync(userId, CancellationToken.None);
            }
            catch (Exception exception)
            {
                // The order stands; a cart that still shows its lines is the lesser harm.
                logger.LogWarning(exception, "Order {OrderId} placed, but the cart of user {UserId} was not cleared.", orderId, userId);
            }
        }
        return new PlacementOutcome.Placed(order);
    }

    // A product that does not exist is a mistake in the request (422, naming it); stock that ran out is the state of
    // the shop (409, saying what is left), which the client may resolve by ordering less.
    private static PlacementOutcome.Refused StockRefused(IReadOnlyList<StockProblem> problems)
    {
        var unknown = problems.Where(p => p.Problem == StockProblem.UnknownProduct).Select(p => p.ProductId).ToList();
        if (unknown.Count > 0)
        {
            return new PlacementOutcome.Refused(StatusCodes.Status422UnprocessableEntity, "Unknown products",
                $"No product has the id {string.Join(", ", unknown)}; nothing was reserved.", RefusalReasons.UnknownProduct,
                new Dictionary<string, object?> { ["unknown_product_ids"] = unknown });
        }
        return new PlacementOutcome.Refused(StatusCodes.Status409Conflict, "Not enough stock",
            "Some items are not available in the quantities asked for; nothing was reserved.", RefusalReasons.OutOfStock,
            new Dictionary<string, object?>
            {
                ["unavailable"] = problems.Select(p => new { product_id = p.ProductId, requested = p.Requested, available = p.Available }).ToList(),
            });
    }

    /// <summary>
    /// The order's write failed, but it may have committed before its error reached us. Marking the order id given up
    /// decides it: the mark is refused when the order was stored — it stands, and is the answer (its transaction stored
    /// the idempotent response too) — and once the mark holds, the order can never be stored, so its stock goes back
    /// and the client is told to try again. When even the mark cannot be written, the outcome stays unknown: the
    /// reservation stays (releasing a stored order's stock would oversell) until the abandoned-placement sweep settles it.
    /// </summary>
    /// <returns><see cref="OrderCreation.Created"/>, <see cref="OrderCreation.Abandoned"/>, or null when unknown.</returns>
    private async Task<OrderCreation?> SettleFailedWriteAsync(Guid orderId, Exception error)
    {
        bool givenUp;
        try
        {
            givenUp = await orders.AbandonPlacementAsync(orderId, clock.GetUtcNow(), CancellationToken.None);
        }
        catch (Exception exception)
        {
            logger.LogWarning(exception, "Whether order {OrderId} was stored is unknown; its stock stays reserved until the abandoned-placement sweep settles it.", orderId);
            return null;
        }
        if (givenUp)
        {
            logger.LogWarning(error, "Order {OrderId} could not be stored; its placement is given up and its stock released.", orderId);
            metrics.PlacementAbandoned();
            return OrderCreation.Abandoned;
        }
        logger.LogWarning(error, "Order {OrderId} was stored although its write reported an error; it stands.", orderId);
        return OrderCreation.Created;
    }

    private async Task CompensateAsync(Guid orderId)
    {
        try
        {
            // Not the request's token: the client going away must not stop the compensation.
            using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(30));
            await products.ReleaseAsync(orderId, timeout.Token);
        }
        catch (Exception exception)
        {
            logger.LogError(exception, "Could not release the stock of order {OrderId}; the abandoned-placement sweep releases it later.", orderId);
        }
    }
}

public static class OrderEvents
{
    /// <summary>The event of <paramref name="order"/> as it is after the event (its <see cref="Order.EventSequence"/> numbers it).</summary>
    public static OrderEvent For(Order order, string eventType, DateTimeOffset now, string? reason = null) => new(
        Guid.CreateVersion7(), eventType, OrderEvent.CurrentVersion, now, order.Id, order.UserId,
        StatusAfter(eventType), order.TotalAmount,
        order.Items.Select(i => new OrderEventItem(i.ProductId, i.Name, i.Quantity, i.UnitPrice)).ToList(), reason,
        order.ShippingAddress, order.Payment, eventType == OrderEventTypes.PaymentRefunded ? order.Refund : null, order.EventSequence);

    private static string StatusAfter(string eventType) => eventType switch
    {
        OrderEventTypes.Created => OrderStatuses.Pending,
        OrderEventTypes.Confirmed => OrderStatuses.Confirmed,
        OrderEventTypes.Shipped => OrderStatuses.Shipped,
        _ => OrderStatuses.Cancelled,
    };
}
