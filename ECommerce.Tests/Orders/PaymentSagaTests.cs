using System.Net;
using ECommerce.Tests.Harness;

namespace ECommerce.Tests.Orders;

[Collection(GraphCollection.Name)]
public sealed class PaymentSagaTests(GraphFixture graph)
{
    private const string GoodCard = "4242424242424242";
    private const string DeclinedCard = "4000000000000002";

    private static string NewKey() => Guid.NewGuid().ToString("N");

    private async Task<(ServiceClient Shop, Guid Order, decimal Total, Guid Product, Catalog Catalog)> PendingOrderAsync(int stock = 5, int quantity = 2)
    {
        var catalog = await Catalog.AsAdminAsync(graph);
        var product = await catalog.CreateProductAsync(price: 12.34m, stock: stock);
        var shop = graph.Gateway.As((await graph.Accounts.NewCustomerAsync()).Token);
        var order = await shop.PostAsync("/api/v1/orders", OrderRequests.For(product, quantity), NewKey())
            .ExpectAsync(HttpStatusCode.Created);
        return (shop, order.Id(), order.GetProperty("total_amount").GetDecimal(), product, catalog);
    }

    [Fact]
    public async Task ASuccessfulPaymentConfirmsTheOrderAndCommitsItsStock()
    {
        var (shop, order, total, product, catalog) = await PendingOrderAsync();

        var payment = await shop.PostAsync("/api/v1/payments", new { order_id = order, amount = total, method = new { type = "card", card_number = GoodCard } }, NewKey())
            .ExpectAsync(HttpStatusCode.Created);

        Assert.Equal("success", payment.Text("status"));
        Assert.StartsWith("txn_", payment.Text("transaction_id"));
        Assert.Equal("4242", payment.Text("card_last4"));
        Assert.DoesNotContain(GoodCard, payment.GetRawText());
        Assert.Equal("confirmed", (await shop.GetAsync($"/api/v1/orders/{order}").ExpectAsync(HttpStatusCode.OK)).Text("status"));
        Assert.Equal("committed", await Poll.Eventually(
            async () => (await graph.ProductsAsOrders.GetAsync($"/internal/stock/reservations/{order}").ExpectAsync(HttpStatusCode.OK)).Text("status"),
            status => status == "committed"));
        Assert.Equal(3, await catalog.StockOfAsync(product));
        Assert.Equal(payment.Id(), (await shop.GetAsync($"/api/v1/payments/{payment.Id()}").ExpectAsync(HttpStatusCode.OK)).Id());
        Assert.Equal(payment.Id(), Assert.Single((await shop.GetAsync($"/api/v1/payments?order_id={order}").ExpectAsync(HttpStatusCode.OK)).EnumerateArray()).Id());

        // Paid once: another payment for it is refused.
        await shop.PostAsync("/api/v1/payments", new { order_id = order, amount = total, method = new { type = "card", card_number = GoodCard } }, NewKey())
            .ExpectProblemAsync(HttpStatusCode.Conflict);
        var events = EventCollector.FromKafka(graph, new HashSet<Guid> { order }, e => e.Count >= 2, TimeSpan.FromSeconds(30));
        Assert.Equal(["order.created", "order.confirmed"], events.Select(e => e.EventType).ToArray());
    }

    [Fact]
    public async Task PaymentsForOneOrderSentAtOnceChargeItOnce()
    {
        var (shop, order, total, _, _) = await PendingOrderAsync();

        var answers = await Task.WhenAll(Enumerable.Range(0, 4).Select(async _ =>
        {
            using var response = await shop.PostAsync("/api/v1/payments",
                new { order_id = order, amount = total, method = new { type = "card", card_number = GoodCard } }, NewKey());
            return response.StatusCode;
        }));

        Assert.Equal(1, answers.Count(a => a == HttpStatusCode.Created));
        Assert.Equal(3, answers.Count(a => a == HttpStatusCode.Conflict));
        var recorded = (await shop.GetAsync($"/api/v1/payments?order_id={order}").ExpectAsync(HttpStatusCode.OK)).EnumerateArray().ToList();
        Assert.Equal("success", Assert.Single(recorded).Text("status"));
    }

    [Fact]
    public async Task ADeclinedPaymentCancelsTheOrderAndRestoresTheStockOnce()
    {
        var (shop, order, total, product, catalog) = await PendingOrderAsync(stock: 5, quantity: 2);

        var declined = await shop.PostAsync("/api/v1/payments", new { order_id = order, amount = total, method = new { type = "card", card_number = DeclinedCard } }, NewKey())
            .ExpectProblemAsync(HttpStatusCode.PaymentRequired);

        var payment = declined.GetProperty("payment");
        Assert.Equal("failed", payment.Text("status"));
        Assert.Equal("card_declined", payment.Text("failure_reason"));
        var recorded = Assert.Single((await shop.GetAsync($"/api/v1/payments?order_id={order}").ExpectAsync(HttpStatusCode.OK)).EnumerateArray());
        Assert.Equal(payment.Id(), recorded.Id());
        Assert.Equal("failed", recorded.Text("status"));
        Assert.Equal("cancelled", (await shop.GetAsync($"/api/v1/orders/{order}").ExpectAsync(HttpStatusCode.OK)).Text("status"));
        Assert.Equal(5, await Poll.Eventually(() => catalog.StockOfAsync(product), stock => stock == 5));

        // The compensation triggered again (a retried saga call, the deadline) has no second effect.
        await graph.OrdersAsPayments.PostAsync($"/internal/orders/{order}/cancel", new { reason = "again" }).ExpectAsync(HttpStatusCode.OK);
        await Task.Delay(GraphFixture.PaymentTimeout + TimeSpan.FromSeconds(2));
        Assert.Equal(5, await catalog.StockOfAsync(product));
        var events = EventCollector.FromKafka(graph, new HashSet<Guid> { order }, e => e.Count >= 2, TimeSpan.FromSeconds(30));
        Assert.Equal(["order.created", "order.cancelled"], events.Select(e => e.EventType).ToArray());
    }

    [Fact]
    public async Task AnOrderLeftUnpaidIsCancelledAfterTheTimeoutAndItsStockReleased()
    {
        var (shop, order, _, product, catalog) = await PendingOrderAsync(stock: 4, quantity: 3);
        Assert.Equal(1, await catalog.StockOfAsync(product));

        var status = await Poll.Eventually(
            async () => (await shop.GetAsync($"/api/v1/orders/{order}").ExpectAsync(HttpStatusCode.OK)).Text("status"),
            s => s == "cancelled", within: TimeSpan.FromSeconds(30));

        Assert.Equal("cancelled", status);
        Assert.Equal("payment timeout", (await shop.GetAsync($"/api/v1/orders/{order}").ExpectAsync(HttpStatusCode.OK)).Text("reason"));
        Assert.Equal(4, await Poll.Eventually(() => catalog.StockOfAsync(product), stock => stock == 4));
    }

    [Fact]
    public async Task PaymentsCheckTheAmountTheOwnerAndTheirIdempotencyKey()
    {
        var (shop, order, total, _, _) = await PendingOrderAsync();
        var stranger = graph.Gateway.As((await graph.Accounts.NewCustomerAsync()).Token);
        var body = new { order_id = order, amount = total, method = new { type = "card", card_number = DeclinedCard } };

        await shop.PostAsync("/api/v1/payments", body with { amount = total - 0.01m }, NewKey()).ExpectProblemAsync(HttpStatusCode.UnprocessableEntity);
        await stranger.PostAsync("/api/v1/payments", body, NewKey()).ExpectProblemAsync(HttpStatusCode.NotFound);
        await shop.PostAsync("/api/v1/payments", body with { method = new { type = "card", card_number = "4242424242424241" } }, NewKey())
            .ExpectProblemAsync(HttpStatusCode.BadRequest);
        await shop.PostAsync("/api/v1/payments", body).ExpectProblemAsync(HttpStatusCode.BadRequest);
        Assert.Equal("pending", (await shop.GetAsync($"/api/v1/orders/{order}").ExpectAsync(HttpStatusCode.OK)).Text("status"));

        var key = NewKey();
        var first = (await shop.PostAsync("/api/v1/payments", body, key).ExpectProblemAsync(HttpStatusCode.PaymentRequired)).GetProperty("payment");
        var replay = (await shop.PostAsync("/api/v1/payments", body, key).ExpectProblemAsync(HttpStatusCode.PaymentRequired)).GetProperty("payment");
        Assert.Equal(first.Id(), replay.Id());
        await shop.PostAsync("/api/v1/payments", body with { amount = 1m }, key).ExpectProblemAsync(HttpStatusCode.UnprocessableEntity);

        await stranger.GetAsync($"/api/v1/payments/{first.Id()}").ExpectProblemAsync(HttpStatusCode.NotFound);
        Assert.Equal(0, (await stranger.GetAsync($"/api/v1/payments?order_id={order}").ExpectAsync(HttpStatusCode.OK)).GetArrayLength());
        await graph.Gateway.As(await graph.Accounts.AdminTokenAsync()).GetAsync($"/api/v1/payments/{first.Id()}").ExpectAsync(HttpStatusCode.OK);
    }
}
