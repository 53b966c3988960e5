using System.Net;
using ECommerce.Contracts;
using ECommerce.Payments.Payments;
using ECommerce.ServiceDefaults.Http;

namespace ECommerce.Payments.Saga;

public sealed record OrderSummary(Guid Id, Guid UserId, string Status, decimal TotalAmount);

/// <summary>The orders service's internal API, through service discovery (<c>http://orders</c>).</summary>
public sealed class OrdersClient(HttpClient http)
{
    public Task<OrderSummary?> FindAsync(Guid orderId, CancellationToken cancellationToken) =>
        http.GetOrNullAsync<OrderSummary>($"/internal/orders/{orderId}", cancellationToken);

    /// <summary>
    /// Paid: the order is confirmed by this payment and its stock committed. Repeating it is harmless. False when the
    /// order went the other way first (its payment deadline, or its owner, cancelled it).
    /// </summary>
    public Task<bool> ConfirmAsync(Guid orderId, Guid paymentId, string cardLast4, string? transactionId, DateTimeOffset paidAt,
        CancellationToken cancellationToken) =>
        SendAsync($"/internal/orders/{orderId}/confirm",
            new { payment_id = paymentId, card_last4 = cardLast4, transaction_id = transactionId, paid_at = paidAt }, orderId, cancellationToken);

    /// <summary>
    /// Not paid: the order is cancelled and its stock released. Repeating it is harmless, and an order confirmed
    /// already (by this order's one successful payment) is left alone.
    /// </summary>
    public Task CancelAsync(Guid orderId, string reason, CancellationToken cancellationToken) =>
        SendAsync($"/internal/orders/{orderId}/cancel", new { reason }, orderId, cancellationToken);

    /// <summary>
    /// A payment of the cancelled order was given back: the order records it and publishes it. Repeating it is
    /// harmless. False when the order refuses it (not cancelled, or refunded for another payment).
    /// </summary>
    public Task<bool> RecordRefundAsync(Payment payment, CancellationToken cancellationToken)
    {
        var refund = payment.Refund ?? throw new ArgumentException("The payment has no refund.", nameof(payment));
        return SendAsync($"/internal/orders/{payment.OrderId}/refunds",
            new { payment_id = payment.Id, refund_id = refund.RefundId, amount = payment.Amount, refunded_at = refund.RefundedAt, reason = refund.Reason },
            payment.OrderId, cancellationToken);
    }

    /// <returns>False when the order answered 409: it already went another way.</returns>
    private async Task<bool> SendAsync(string path, object body, Guid orderId, CancellationToken cancellationToken)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, path) { Content = JsonContent.Create(body, options: ContractJson.Options) };
        // Idempotent by design, and marked so: the resilience handler may retry it.
        request.Headers.Add("Idempotency-Key", $"saga-{orderId}");
        using var response = await http.SendAsync(request, cancellationToken);
        if (response.StatusCode == HttpStatusCode.Conflict)
        {
            return false;
        }
        response.EnsureSuccessStatusCode();
        return true;
    }
}
