using ECommerce.Payments.Payments;

namespace ECommerce.Payments.Saga;

/// <summary>
/// The end of the order saga for a recorded payment: the order is told the outcome. A success confirms it; a failure
/// cancels it. A success that arrives after the order was cancelled (its payment deadline, or its owner, got there
/// first) must not leave a charge without an order: the payment is refunded in full through the card gateway,
/// recorded as refunded, and the order records the refund and publishes <c>order.payment_refunded</c>. Each call is
/// idempotent, so a step interrupted anywhere is finished by running it again.
/// </summary>
public sealed class SagaStep(OrdersClient orders, CardGateway gateway, PaymentStore payments, TimeProvider clock, ILogger<SagaStep> logger)
{
    public const string LatePaymentReason = "the order was cancelled before the payment completed";

    /// <returns>The payment as it stands after the step (refunded, if it had to be).</returns>
    public async Task<Payment> RunAsync(Payment payment, CancellationToken cancellationToken)
    {
        switch (payment.Status)
        {
            case PaymentStatuses.Failed:
                await orders.CancelAsync(payment.OrderId, $"payment failed: {payment.FailureReason}", cancellationToken);
                return payment;
            case PaymentStatuses.Success:
                if (await orders.ConfirmAsync(payment.OrderId, payment.Id, payment.CardLast4, payment.TransactionId, payment.CreatedAt, cancellationToken))
                {
                    return payment;
                }
                // Refused: only an order that really was cancelled gets its payment back.
                if ((await orders.FindAsync(payment.OrderId, cancellationToken))?.Status != "cancelled")
                {
                    NeedsAnOperator(payment, "the order refused this payment's confirmation but is not cancelled");
                    return payment;
                }
                payment = await RefundAsync(payment);
                break;
        }
        // Refunded, now or in an earlier run that stopped before the order heard of it. Not the request's token: the
        // money went back, so the order must hear of it even if the client has gone.
        if (!await orders.RecordRefundAsync(payment, CancellationToken.None))
        {
            NeedsAnOperator(payment, "the order refused the record of this payment's refund");
        }
        return payment;
    }

    // A state no retry can put right: said loudly once, and the step ends rather than repeating every few seconds.
    private void NeedsAnOperator(Payment payment, string why) =>
        logger.LogError("Payment {PaymentId} ({Status}) for order {OrderId} needs an operator: {Why}", payment.Id, payment.Status, payment.OrderId, why);

    private async Task<Payment> RefundAsync(Payment payment)
    {
        // Not the request's token: once the money is to go back, a client that goes away must not stop it.
        var refund = await gateway.RefundAsync(payment.Id, payment.TransactionId!, payment.Amount, CancellationToken.None);
        var refunded = await payments.MarkRefundedAsync(
            payment with { Status = PaymentStatuses.Refunded, Refund = new PaymentRefund(refund.RefundId, clock.GetUtcNow(), LatePaymentReason) },
            CancellationToken.None);
        logger.LogWarning("Payment {PaymentId} succeeded after order {OrderId} was cancelled; refunded in full as {RefundId}",
            payment.Id, payment.OrderId, refunded.Refund?.RefundId);
        return refunded;
    }
}
