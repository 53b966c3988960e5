using Amazon.DynamoDBv2.Model;
using ECommerce.Payments.Saga;

namespace ECommerce.Payments.Payments;

public abstract record PaymentOutcome
{
    /// <param name="ResponseStored">The request's idempotent response was stored with the end of the saga step.</param>
    public sealed record Recorded(Payment Payment, bool ResponseStored = false) : PaymentOutcome;

    /// <param name="Reason">A short, stable name for the refusal, for the metrics.</param>
    public sealed record Refused(int Status, string Title, string Detail, string Reason) : PaymentOutcome;
}

/// <summary>
/// Pays for an order and drives the rest of its saga: the amount must be the order's total, the order must be
/// the caller's and still pending; after the charge the order is confirmed (success) or cancelled (failure). The
/// payment is "saga pending" from before the charge until the order has been told, so the step is finished later if
/// the orders service cannot be reached now, or this process stops between the charge and its record.
/// </summary>
public sealed class PaymentProcessor(OrdersClient orders, CardGateway gateway, PaymentStore payments, SagaStep sagaStep,
    PaymentMetrics metrics, TimeProvider clock, ILogger<PaymentProcessor> logger)
{
    /// <param name="response">The response to store with the end of the saga step, as an item of its transaction (see <c>IdempotentRequest</c>).</param>
    public async Task<PaymentOutcome> PayAsync(Guid userId, bool isAdmin, CreatePaymentRequest request, Func<Payment, TransactWriteItem>? response,
        CancellationToken cancellationToken)
    {
        var outcome = await PayOrRefuseAsync(userId, isAdmin, request, response, cancellationToken);
        metrics.Outcome(outcome);
        return outcome;
    }

    private async Task<PaymentOutcome> PayOrRefuseAsync(Guid userId, bool isAdmin, CreatePaymentRequest request, Func<Payment, TransactWriteItem>? response,
        CancellationToken cancellationToken)
    {
        var order = await orders.FindAsync(request.OrderId, cancellationToken);
        if (order is null || (order.UserId != userId && !isAdmin))
        {
            return new PaymentOutcome.Refused(StatusCodes.Status404NotFound, "Order not found", $"There is no order '{request.OrderId}' of yours.", "order_not_found");
        }
        if (order.Status != "pending")
        {
            return new PaymentOutcome.Refused(StatusCodes.Status409Conflict, "Order not payable", $"The order is {order.Status}.", "order_not_payable");
        }
        if (request.Amount != order.TotalAmount)
        {
            return new PaymentOutcome.Refused(StatusCodes.Status422UnprocessableEntity, "Wrong amount",
                $"The amount must be the order's total, {order.TotalAmount}.", "wrong_amount");
        }

        var pending = new Payment(Guid.CreateVersion7(), order.Id, order.UserId, request.Amount, PaymentStatuses.Pending,
            request.Method.CardNumber[^4..], null, null, clock.GetUtcNow());
        if (!await payments.BeginAsync(pending, cancellationToken))
        {
            return new PaymentOutcome.Refused(StatusCodes.Status409Conflict, "Order already being paid",
                "Another payment for this order is in progress or has succeeded.", "already_paying");
        }

        var result = await gateway.ChargeAsync(pending.Id, request.Method.CardNumber, request.Amount, CancellationToken.None);
        // If this request was taken for interrupted meanwhile, the resolver's record (the same outcome) stands.
        var payment = await payments.RecordOutcomeAsync(pending with
        {
            Status = result.Succeeded ? PaymentStatuses.Success : PaymentStatuses.Failed,
            TransactionId = result.TransactionId,
            FailureReason = result.FailureReason,
        }, CancellationToken.None);
        if (payment.Status == PaymentStatuses.Failed)
        {
            await payments.UnlockOrderAsync(order.Id, payment.Id);
        }

        var responseStored = false;
        try
        {
            payment = await sagaStep.RunAsync(payment, cancellationToken);
            responseStored = await payments.SagaDoneAsync(payment.Id, response?.Invoke(payment), CancellationToken.None);
        }
        catch (Exception exception)
        {
            // The charge is made and recorded, and the payment stays "saga pending": whatever failed after it is for the
            // saga completion to finish, not an error to answer. The answer is the payment as stored now (a refund may
            // already be on it).
            logger.LogWarning("Payment {PaymentId} is recorded; telling order {OrderId} is left to the saga completion: {Error}",
                payment.Id, order.Id, exception.Message);
            payment = await StoredOrAsIsAsync(payment);
        }
        return new PaymentOutcome.Recorded(payment, responseStored);
    }

    private async Task<Payment> StoredOrAsIsAsync(Payment payment)
    {
        try
        {
            return await payments.FindAsync(payment.Id, CancellationToken.None) ?? payment;
        }
        catch (Exception exception)
        {
            logger.LogWarning("Payment {PaymentId} could not be read back: {Error}", payment.Id, exception.Message);
            return payment;
        }
    }
}
