using ECommerce.Payments.Payments;

namespace ECommerce.Payments.Saga;

/// <summary>
/// A payment still pending long after it began was interrupted between the charge and its record (the process
/// stopped, or its write failed), and holds its order's payment lock. The card gateway is asked what became of it —
/// charged, declined, or never seen, which it voids so that the charge cannot happen later — and the payment is
/// recorded with that outcome, ready for its saga step: a success confirms the order (or is refunded, if the order
/// was cancelled meanwhile), anything else gives the order's lock back and cancels it.
/// </summary>
public sealed class InterruptedPayments(CardGateway gateway, PaymentStore payments, ILogger<InterruptedPayments> logger)
{
    public async Task<Payment> ResolveAsync(Payment pending, CancellationToken cancellationToken)
    {
        var charge = await gateway.SettleUnansweredAsync(pending.Id, cancellationToken);
        // The request itself may record the same outcome at the same moment: whichever writes first stands.
        var resolved = await payments.RecordOutcomeAsync(pending with
        {
            Status = charge.Succeeded ? PaymentStatuses.Success : PaymentStatuses.Failed,
            TransactionId = charge.TransactionId,
            FailureReason = charge.FailureReason,
        }, cancellationToken);
        if (resolved.Status == PaymentStatuses.Failed)
        {
            await payments.UnlockOrderAsync(pending.OrderId, pending.Id);
        }
        logger.LogWarning("Payment {PaymentId} for order {OrderId} was interrupted before its outcome was recorded; the gateway says {Outcome}",
            pending.Id, pending.OrderId, charge.Succeeded ? "charged" : charge.FailureReason);
        return resolved;
    }
}
