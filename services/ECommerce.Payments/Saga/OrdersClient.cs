using System.Net;
using ECommerce.Contracts;
using ECommerce.ServiceDefaults.Http;

namespace ECommerce.Payments.Saga;

public sealed record OrderSummary(Guid Id, Guid UserId, string Status, decimal TotalAmount);

/// <summary>The orders service's internal API, through service discovery (<c>http://orders</c>).</summary>
public sealed class OrdersClient(HttpClient http)
{
    public Task<OrderSummary?> FindAsync(Guid orderId, CancellationToken cancellationToken) =>
        http.GetOrNullAsync<OrderSummary>($"/internal/orders/{orderId}", cancellationToken);

    /// <summary>Paid: the order is confirmed by this payment and its stock committed. Repeating it is harmless.</summary>
    public Task ConfirmAsync(Guid orderId, Guid paymentId, string cardLast4, string? transactionId, DateTimeOffset paidAt,
        CancellationToken cancellationToken) =>
        SendAsync($"/internal/orders/{orderId}/confirm",
            new { payment_id = paymentId, card_last4 = cardLast4, transaction_id = transactionId, paid_at = paidAt }, orderId, cancellationToken);

    /// <summary>Not paid: the order is cancelled and its stock released. Repeating it is harmless.</summary>
    public Task CancelAsync(Guid orderId, string reason, CancellationToken cancellationToken) =>
        SendAsync($"/internal/orders/{orderId}/cancel", new { reason }, orderId, cancellationToken);

    private async Task SendAsync(string path, object body, Guid orderId, CancellationToken cancellationToken)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, path) { Content = JsonContent.Create(body, options: ContractJson.Options) };
        // Idempotent by design, and marked so: the resilience handler may retry it.
        request.Headers.Add("Idempotency-Key", $"saga-{orderId}");
        using var response = await http.SendAsync(request, cancellationToken);
        // 409: the order already went the other way (e.g. the payment deadline cancelled it first): nothing to do here.
        if (response.StatusCode != HttpStatusCode.Conflict)
        {
            response.EnsureSuccessStatusCode();
        }
    }
}
