using Amazon.DynamoDBv2.Model;
using ECommerce.Contracts.Orders;
using ECommerce.Orders.Outbox;

namespace ECommerce.Orders.Orders;

public enum TransitionResult
{
    Done,
    AlreadyDone,
    NotFound,
    Conflict,
}

/// <summary>
/// The order's later life: confirm (paid), cancel (by the owner, a failed payment or a timeout), ship. Each
/// transition writes its event, and the stock work it implies (commit or release), to the outbox in the same
/// transaction: the relay carries them out, however often it has to try. Asking for a transition the order has
/// already made is answered as done, so a compensation triggered twice runs once.
/// </summary>
public sealed class OrderTransitions(OrderStore orders, TimeProvider clock)
{
    /// <summary>
    /// Confirmed by this payment. Asking again once the order has moved on (shipped) is answered as done too — the saga
    /// may repeat its step late — while an order cancelled, or confirmed by another payment, is a conflict.
    /// </summary>
    public async Task<(TransitionResult, Order?)> ConfirmAsync(Guid orderId, OrderPayment payment, CancellationToken cancellationToken)
    {
        var (result, order) = await MoveAsync(orderId, [OrderStatuses.Pending], OrderStatuses.Confirmed, OrderEventTypes.Confirmed,
            OutboxKinds.CommitStock, null, cancellationToken, payment);
        return result switch
        {
            TransitionResult.AlreadyDone or TransitionResult.Conflict when order?.Payment?.PaymentId == payment.PaymentId
                && order.Status is OrderStatuses.Confirmed or OrderStatuses.Shipped => (TransitionResult.AlreadyDone, order),
            TransitionResult.AlreadyDone => (TransitionResult.Conflict, order),
            _ => (result, order),
        };
    }

    public Task<(TransitionResult, Order?)> CancelAsync(Guid orderId, string reason, CancellationToken cancellationToken) =>
        MoveAsync(orderId, [OrderStatuses.Pending], OrderStatuses.Cancelled, OrderEventTypes.Cancelled, OutboxKinds.ReleaseStock, reason, cancellationToken);

    public Task<(TransitionResult, Order?)> ShipAsync(Guid orderId, CancellationToken cancellationToken) =>
        MoveAsync(orderId, [OrderStatuses.Confirmed], OrderStatuses.Shipped, OrderEventTypes.Shipped, stockTask: null, null, cancellationToken);

    /// <summary>
    /// A cancelled order's payment came in late and was given back: recorded on the order with its
    /// <c>order.payment_refunded</c> event. Recording the same payment's refund again is answered as done; an order
    /// that is not cancelled, or was refunded for another payment, is a conflict.
    /// </summary>
    public async Task<(TransitionResult, Order?)> RecordRefundAsync(Guid orderId, OrderRefund refund, CancellationToken cancellationToken)
    {
        if (await orders.FindAsync(orderId, cancellationToken) is not { } order)
        {
            return (TransitionResult.NotFound, null);
        }
        if (order.Refund is not null || order.Status != OrderStatuses.Cancelled)
        {
            return (order.Refund?.PaymentId == refund.PaymentId ? TransitionResult.AlreadyDone : TransitionResult.Conflict, order);
        }
        var now = clock.GetUtcNow();
        var refunded = order with { UpdatedAt = now, Refund = refund, EventSequence = order.EventSequence + 1 };
        var outboxEvent = OutboxRecords.Event(OrderEvents.For(refunded, OrderEventTypes.PaymentRefunded, now, "payment refunded"));
        if (await orders.RecordRefundAsync(orderId, refund, order.EventSequence, now, outboxEvent, cancellationToken))
        {
            return (TransitionResult.Done, refunded);
        }
        // Lost a race: whoever won decides the answer.
        var current = await orders.FindAsync(orderId, cancellationToken);
        return (current?.Refund?.PaymentId == refund.PaymentId ? TransitionResult.AlreadyDone : TransitionResult.Conflict, current);
    }

    private async Task<(TransitionResult, Order?)> MoveAsync(Guid orderId, string[] from, string to, string eventType, string? stockTask,
        string? reason, CancellationToken cancellationToken, OrderPayment? payment = null)
    {
        if (await orders.FindAsync(orderId, cancellationToken) is not { } order)
        {
            return (TransitionResult.NotFound, null);
        }
        if (order.Status == to)
        {
            return (TransitionResult.AlreadyDone, order);
        }
        var now = clock.GetUtcNow();
        var moved = order with
        {
            Status = to, UpdatedAt = now, Reason = reason ?? order.Reason, Payment = payment ?? order.Payment, EventSequence = order.EventSequence + 1,
        };
        List<Put> outbox = [OutboxRecords.Event(OrderEvents.For(moved, eventType, now, reason))];
        if (stockTask is not null)
        {
            outbox.Add(OutboxRecords.Task(stockTask, orderId, now));
        }
        if (await orders.TransitionAsync(orderId, from, to, reason, payment, order.EventSequence, now, outbox, cancellationToken))
        {
            return (TransitionResult.Done, moved);
        }
        // Lost a race: whoever won decides the answer.
        var current = await orders.FindAsync(orderId, cancellationToken);
        return current?.Status == to ? (TransitionResult.AlreadyDone, current) : (TransitionResult.Conflict, current);
    }
}
