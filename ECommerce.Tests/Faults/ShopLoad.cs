using System.Collections.Concurrent;
using System.Net;
using System.Text.Json;
using ECommerce.Tests.Harness;

namespace ECommerce.Tests.Faults;

/// <summary>One request the load made, and what it was told.</summary>
public sealed record Answer(string Kind, HttpStatusCode Status, bool RetryAfter, Guid? OrderId);

/// <summary>
/// A steady, bounded shop through the gateway: a few customers, each placing one-unit orders and paying every other
/// one, one request at a time with a pause between, until told to stop. Every answer is kept.
/// </summary>
public sealed class ShopLoad
{
    private const string GoodCard = "4242424242424242";
    private static readonly TimeSpan Pause = TimeSpan.FromMilliseconds(150);

    private readonly ConcurrentQueue<Answer> _answers = new();
    private readonly IReadOnlyList<ServiceClient> _customers;
    private readonly Guid _product;
    private readonly decimal _price;

    public ShopLoad(IReadOnlyList<ServiceClient> customers, Guid product, decimal price) => (_customers, _product, _price) = (customers, product, price);

    public IReadOnlyCollection<Answer> Answers => _answers;

    public async Task RunAsync(CancellationToken stop)
    {
        await Task.WhenAll(_customers.Select(customer => ShopAsync(customer, stop)));
    }

    private async Task ShopAsync(ServiceClient customer, CancellationToken stop)
    {
        for (var n = 0; !stop.IsCancellationRequested; n++)
        {
            var order = await SendAsync("place", customer.PostAsync("/api/v1/orders", OrderRequests.For(_product, 1), Guid.NewGuid().ToString("N")));
            if (order is { } placed && n % 2 == 0)
            {
                await SendAsync("pay", customer.PostAsync("/api/v1/payments",
                    new { order_id = placed, amount = _price, method = new { type = "card", card_number = GoodCard } }, Guid.NewGuid().ToString("N")), placed);
            }
            await Task.Delay(Pause, CancellationToken.None);
        }
    }

    private async Task<Guid?> SendAsync(string kind, Task<HttpResponseMessage> call, Guid? orderId = null)
    {
        try
        {
            using var response = await call;
            var body = await response.Content.ReadAsStringAsync();
            var id = orderId;
            if (kind == "place" && response.StatusCode == HttpStatusCode.Created)
            {
                using var document = JsonDocument.Parse(body);
                id = document.RootElement.GetProperty("id").GetGuid();
            }
            _answers.Enqueue(new Answer(kind, response.StatusCode, response.Headers.RetryAfter is not null, id));
            return response.StatusCode == HttpStatusCode.Created ? id : null;
        }
        catch (HttpRequestException)
        {
            // The gateway itself never went away in these faults: a transport error would be a finding.
            _answers.Enqueue(new Answer(kind, 0, false, orderId));
            return null;
        }
    }
}
