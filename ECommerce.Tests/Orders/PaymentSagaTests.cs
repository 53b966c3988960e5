using System.Net;
using System.Text.Json;
using ECommerce.ServiceDefaults;
using ECommerce.Tests.Harness;

namespace ECommerce.Tests.Orders;

[Collection(GraphCollection.Name)]
public sealed class PaymentSagaTests(GraphFixture graph)
{
    private const string GoodCard = "4242424242424242";
    private const string DeclinedCard = "4000000000000002";
    private const string SlowCard = "4000000000003006";

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
    public async Task APaymentThatSucceedsAfterItsOrderWasCancelledIsRefundedAndTheRefundIsPublished()
    {
        var (customer, shop, order, product, catalog) = await PendingOrderOfANewCustomerAsync();
        var total = 24.68m;

        // The slow card is answered after three seconds; the customer cancels the order meanwhile. (Straight to the
        // service: the test gateway's upstream timeout is shorter than the card.)
        var paying = graph.Payments.As(customer.Token).PostAsync("/api/v1/payments",
            new { order_id = order, amount = total, method = new { type = "card", card_number = SlowCard } }, NewKey());
        await Poll.Eventually(async () => (await shop.GetAsync($"/api/v1/payments?order_id={order}").ExpectAsync(HttpStatusCode.OK)).GetArrayLength(),
            count => count == 1);
        await shop.PostAsync($"/api/v1/orders/{order}/cancel").ExpectAsync(HttpStatusCode.OK);

        var answer = (await paying.ExpectProblemAsync(HttpStatusCode.Conflict)).GetProperty("payment");
        Assert.Equal("refunded", answer.Text("status"));
        var refundId = answer.GetProperty("refund").Text("refund_id");
        var stored = Assert.Single((await shop.GetAsync($"/api/v1/payments?order_id={order}").ExpectAsync(HttpStatusCode.OK)).EnumerateArray());
        Assert.Equal("refunded", stored.Text("status"));
        Assert.Equal(refundId, stored.GetProperty("refund").Text("refund_id"));
        Assert.False(string.IsNullOrEmpty(stored.Text("transaction_id")));

        var cancelled = await shop.GetAsync($"/api/v1/orders/{order}").ExpectAsync(HttpStatusCode.OK);
        Assert.Equal("cancelled", cancelled.Text("status"));
        Assert.Equal(answer.Id(), cancelled.GetProperty("refund").Id("payment_id"));
        Assert.Equal(total, cancelled.GetProperty("refund").GetProperty("amount").GetDecimal());
        Assert.Equal(5, await Poll.Eventually(() => catalog.StockOfAsync(product), stock => stock == 5));

        var ids = new HashSet<Guid> { order };
        var kafka = EventCollector.FromKafka(graph, ids, e => e.Count >= 3, TimeSpan.FromSeconds(30));
        Assert.Equal(["order.created", "order.cancelled", "order.payment_refunded"], kafka.Select(e => e.EventType).ToArray());
        // Each of the order's events numbered by the order's own transactions; its notifications sorted by that number.
        Assert.Equal([1L, 2L, 3L], kafka.Select(e => e.Sequence).ToArray());
        var notified = await EventCollector.FromNotificationsAsync(graph, ids, e => e.Count >= 3, TimeSpan.FromSeconds(30));
        Assert.Equal(kafka.Select(e => (e.EventId, e.Sequence)), notified.Select(n => (n.EventId, n.Sequence)));

        // The saga's calls repeated (a retry, the completion loop) change nothing.
        await graph.OrdersAsPayments.PostAsync($"/internal/orders/{order}/refunds", new
        {
            payment_id = answer.Id(), refund_id = refundId, amount = total, refunded_at = DateTimeOffset.UtcNow, reason = "again",
        }).ExpectAsync(HttpStatusCode.OK);
        await graph.OrdersAsPayments.PostAsync($"/internal/orders/{order}/refunds", new
        {
            payment_id = Guid.NewGuid(), refund_id = "re_other", amount = total, refunded_at = DateTimeOffset.UtcNow, reason = "another payment",
        }).ExpectProblemAsync(HttpStatusCode.Conflict);
        Assert.Equal(answer.Id(), (await shop.GetAsync($"/api/v1/orders/{order}").ExpectAsync(HttpStatusCode.OK)).GetProperty("refund").Id("payment_id"));
    }

    [Fact]
    public async Task APaymentInterruptedBetweenItsChargeAndItsRecordIsResolvedFromTheCardGateway()
    {
        var (customer, shop, order, product, catalog) = await PendingOrderOfANewCustomerAsync();

        // The slow card is charged at once and answered three seconds later: the payments service stops in between,
        // with the charge on the gateway's ledger and the payment still pending in ours. (Straight to the service: the
        // test gateway's upstream timeout is shorter than the card.)
        var paying = graph.Payments.As(customer.Token).PostAsync("/api/v1/payments",
            new { order_id = order, amount = 24.68m, method = new { type = "card", card_number = SlowCard } }, NewKey());
        var paymentId = (await Poll.Eventually(() => PaymentsOfAsync(shop, order), found => found.Length == 1)).Single().Id();
        await Poll.Eventually(() => ChargedOnTheGatewayAsync(paymentId), charged => charged);
        ProcessSignals.Send("KILL", graph.App.ServingProcessId(ResourceNames.Payments));
        try
        {
            await Assert.ThrowsAnyAsync<Exception>(() => paying);
            await graph.WaitUntilStoppedAsync(ResourceNames.Payments);
            Assert.Equal("pending", await StoredStatusAsync(paymentId));
        }
        finally
        {
            // The rest of the graph's tests need the service back, whatever happened here.
            await graph.StartAsync(ResourceNames.Payments);
        }

        var payment = (await Poll.Eventually(() => PaymentsOfAsync(shop, order), found => found.Single().Text("status") is not "pending",
            within: TimeSpan.FromSeconds(60))).Single();
        var stored = await Poll.Eventually(async () => (await shop.GetAsync($"/api/v1/orders/{order}").ExpectAsync(HttpStatusCode.OK)),
            o => o.Text("status") is "confirmed" || o.TryGetProperty("refund", out var refund) && refund.ValueKind == JsonValueKind.Object);
        // The charge happened, so it stands: the order is confirmed by it — or, if the order's payment deadline came
        // first, the charge is refunded and the cancelled order records the refund. Never a charge without either.
        if (payment.Text("status") == "success")
        {
            Assert.Equal("confirmed", stored.Text("status"));
            Assert.Equal(3, await Poll.Eventually(() => catalog.StockOfAsync(product), stock => stock == 3));
        }
        else
        {
            Assert.Equal("refunded", payment.Text("status"));
            Assert.Equal("cancelled", stored.Text("status"));
            Assert.Equal(paymentId, stored.GetProperty("refund").Id("payment_id"));
        }
        Assert.False(string.IsNullOrEmpty(payment.Text("transaction_id")));
    }

    // Two units at 12.34: a total of 24.68. The customer too, for calls straight to the payments service.
    private async Task<(Customer Customer, ServiceClient Shop, Guid Order, Guid Product, Catalog Catalog)> PendingOrderOfANewCustomerAsync()
    {
        var catalog = await Catalog.AsAdminAsync(graph);
        var product = await catalog.CreateProductAsync(price: 12.34m, stock: 5);
        var customer = await graph.Accounts.NewCustomerAsync();
        var shop = graph.Gateway.As(customer.Token);
        var order = (await shop.PostAsync("/api/v1/orders", OrderRequests.For(product, 2), NewKey()).ExpectAsync(HttpStatusCode.Created)).Id();
        return (customer, shop, order, product, catalog);
    }

    private static async Task<JsonElement[]> PaymentsOfAsync(ServiceClient shop, Guid order) =>
        (await shop.GetAsync($"/api/v1/payments?order_id={order}").ExpectAsync(HttpStatusCode.OK)).EnumerateArray().ToArray();

    private async Task<bool> ChargedOnTheGatewayAsync(Guid paymentId) =>
        await PaymentsItemAsync($"gateway-charge:{paymentId}") is { } ledger && ledger["succeeded"].BOOL == true;

    private async Task<string?> StoredStatusAsync(Guid paymentId) => (await PaymentsItemAsync(paymentId.ToString()))?["status"].S;

    private async Task<Dictionary<string, Amazon.DynamoDBv2.Model.AttributeValue>?> PaymentsItemAsync(string id)
    {
        using var dynamoDb = graph.DynamoDb.CreateClient();
        var found = await dynamoDb.GetItemAsync(new Amazon.DynamoDBv2.Model.GetItemRequest
        {
            TableName = DynamoDbTables.Payments,
            Key = new Dictionary<string, Amazon.DynamoDBv2.Model.AttributeValue> { ["id"] = new() { S = id } },
            ConsistentRead = true,
        });
        return found.Item is { Count: > 0 } item ? item : null;
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
