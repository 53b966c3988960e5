using System.Net;
using ECommerce.ServiceDefaults;
using ECommerce.Tests.Harness;

namespace ECommerce.Tests.Observability;

/// <summary>What an operator scrapes from each service's management port, after real traffic through the gateway.</summary>
[Collection(GraphCollection.Name)]
public sealed class OperatorMetricsTests(GraphFixture graph)
{
    private const string GoodCard = "4242424242424242";
    private const string DeclinedCard = "4000000000000002";

    [Fact]
    public async Task OrdersPaymentsAndTheOutboxAreMeasuredPerServiceWithRequestDurationsPerRoute()
    {
        var catalog = await Catalog.AsAdminAsync(graph);
        var product = await catalog.CreateProductAsync(price: 5m, stock: 3);
        var shop = graph.Gateway.As((await graph.Accounts.NewCustomerAsync()).Token);
        var paid = await PlaceAsync(shop, product, quantity: 1).ExpectAsync(HttpStatusCode.Created);
        var declined = await PlaceAsync(shop, product, quantity: 1).ExpectAsync(HttpStatusCode.Created);
        await PlaceAsync(shop, product, quantity: 50).ExpectProblemAsync(HttpStatusCode.Conflict);
        await shop.GetAsync($"/api/v1/orders/{paid.Id()}").ExpectAsync(HttpStatusCode.OK);
        await PayAsync(shop, paid, GoodCard).ExpectAsync(HttpStatusCode.Created);
        await PayAsync(shop, declined, DeclinedCard).ExpectProblemAsync(HttpStatusCode.PaymentRequired);

        var orders = await ScrapeAsync(ResourceNames.Orders, found => found.Any(s => s.Name == "ecommerce_outbox_backlog"));
        Assert.Contains(orders, s => s.Name == "ecommerce_orders_placed_total" && s.Value >= 2);
        Assert.Contains(orders, s => s.Name == "ecommerce_orders_refused_total" && s.Label("reason") == "out_of_stock" && s.Value >= 1);
        foreach (var destination in new[] { "kafka", "sqs", "products" })
        {
            Assert.Contains(orders, s => s.Name == "ecommerce_outbox_backlog" && s.Label("destination") == destination && s.Value >= 0);
            Assert.Contains(orders, s => s.Name == "ecommerce_outbox_oldest_age_seconds" && s.Label("destination") == destination && s.Value >= 0);
        }
        // The service's own routes, not the gateway's catch-all for everything under /api/v1/orders.
        Assert.Contains(orders, s => s.Name == "http_server_request_duration_seconds_count" && s.Label("http_route") == "/api/v1/orders/{id:guid}" && s.Value >= 1);
        Assert.Contains(orders, s => s.Name == "http_server_request_duration_seconds_count" && s.Label("http_route").TrimEnd('/') == "/api/v1/orders"
            && s.Label("http_request_method") == "POST" && s.Label("http_response_status_code") == "201");

        var payments = await ScrapeAsync(ResourceNames.Payments, found => found.Any(s => s.Name == "ecommerce_payments_total"));
        Assert.Contains(payments, s => s.Name == "ecommerce_payments_total" && s.Label("outcome") == "success" && s.Value >= 1);
        Assert.Contains(payments, s => s.Name == "ecommerce_payments_total" && s.Label("outcome") == "failed" && s.Value >= 1);
    }

    private static Task<HttpResponseMessage> PlaceAsync(ServiceClient shop, Guid product, int quantity) =>
        shop.PostAsync("/api/v1/orders", OrderRequests.For(product, quantity), Guid.NewGuid().ToString("N"));

    private static Task<HttpResponseMessage> PayAsync(ServiceClient shop, System.Text.Json.JsonElement order, string card) =>
        shop.PostAsync("/api/v1/payments", new
        {
            order_id = order.Id(),
            amount = order.GetProperty("total_amount").GetDecimal(),
            method = new { type = "card", card_number = card },
        }, Guid.NewGuid().ToString("N"));

    private Task<List<PrometheusSample>> ScrapeAsync(string service, Func<List<PrometheusSample>, bool> ready) =>
        Poll.Eventually(() => PrometheusScrape.ReadAsync(graph.App.ManagementUrl(service) + "/metrics"), ready, TimeSpan.FromSeconds(15));
}
