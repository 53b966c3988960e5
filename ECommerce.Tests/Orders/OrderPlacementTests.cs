using System.Net;
using System.Text.Json;
using Amazon.DynamoDBv2.Model;
using ECommerce.ServiceDefaults;
using ECommerce.Tests.Harness;

namespace ECommerce.Tests.Orders;

[Collection(GraphCollection.Name)]
public sealed class OrderPlacementTests(GraphFixture graph)
{
    private static string NewKey() => Guid.NewGuid().ToString("N");

    [Fact]
    public async Task ACartBecomesAPendingOrderWithReservedStockAndItsEventReachesKafkaAndANotificationThroughSqs()
    {
        var catalog = await Catalog.AsAdminAsync(graph);
        var shirt = await catalog.CreateProductAsync("Shirt", 19.99m, stock: 5);
        var mug = await catalog.CreateProductAsync("Mug", 7.50m, stock: 5);
        var customer = await graph.Accounts.NewCustomerAsync();
        var shop = graph.Gateway.As(customer.Token);
        await shop.PutAsync($"/api/v1/carts/items/{shirt}", new { quantity = 2, attributes = new { size = "M" } }).ExpectAsync(HttpStatusCode.OK);
        await shop.PutAsync($"/api/v1/carts/items/{mug}", new { quantity = 1 }).ExpectAsync(HttpStatusCode.OK);

        using var response = await shop.PostAsync("/api/v1/orders", new { shipping_address = OrderRequests.Address }, NewKey());
        var order = await Task.FromResult(response).ExpectAsync(HttpStatusCode.Created);

        Assert.Equal($"/api/v1/orders/{order.Id()}", response.Headers.Location?.OriginalString);
        Assert.Equal("pending", order.Text("status"));
        Assert.Equal(2 * 19.99m + 7.50m, order.GetProperty("total_amount").GetDecimal());
        Assert.Equal(order.Id(), (await shop.GetAsync($"/api/v1/orders/{order.Id()}").ExpectAsync(HttpStatusCode.OK)).Id());
        Assert.Equal(3, await catalog.StockOfAsync(shirt));
        Assert.Equal(4, await catalog.StockOfAsync(mug));
        Assert.Equal(0, (await shop.GetAsync("/api/v1/carts").ExpectAsync(HttpStatusCode.OK)).GetProperty("items").GetArrayLength());

        var ids = new HashSet<Guid> { order.Id() };
        var kafka = EventCollector.FromKafka(graph, ids, e => e.Count >= 1, TimeSpan.FromSeconds(30));
        var sqs = await EventCollector.FromNotificationsAsync(graph, ids, e => e.Count >= 1, TimeSpan.FromSeconds(30));
        var created = Assert.Single(kafka);
        Assert.Equal("order.created", created.EventType);
        Assert.Equal(created.EventId.ToString(), created.HeaderEventId);
        Assert.Equal(created.EventId, Assert.Single(sqs).EventId);
    }

    [Fact]
    public async Task AnOrderKeepsTheShippingAddressItWasPlacedWith()
    {
        var product = await (await Catalog.AsAdminAsync(graph)).CreateProductAsync(stock: 5);
        var shop = graph.Gateway.As((await graph.Accounts.NewCustomerAsync()).Token);
        var address = new { name = "山田 太郎", line1 = "六本木6-10-1", line2 = "ヒルズ 42F", city = "東京都港区", region = "東京", postal_code = "106-6108", country = "JP" };

        var order = await shop.PostAsync("/api/v1/orders", new { items = new[] { new { product_id = product, quantity = 1 } }, shipping_address = address }, NewKey())
            .ExpectAsync(HttpStatusCode.Created);

        var stored = (await shop.GetAsync($"/api/v1/orders/{order.Id()}").ExpectAsync(HttpStatusCode.OK)).GetProperty("shipping_address");
        Assert.Equal(JsonSerializer.Deserialize<Dictionary<string, string>>(JsonSerializer.Serialize(address, JsonDefaults.Options)),
            JsonSerializer.Deserialize<Dictionary<string, string>>(stored.GetRawText()));
    }

    [Fact]
    public async Task AnOrderWithoutAUsableShippingAddressIsRefusedAndPlacesNothing()
    {
        var catalog = await Catalog.AsAdminAsync(graph);
        var product = await catalog.CreateProductAsync(stock: 5);
        var shop = graph.Gateway.As((await graph.Accounts.NewCustomerAsync()).Token);
        var line = new[] { new { product_id = product, quantity = 1 } };
        var good = new { name = "Ada", line1 = "1 Main St", city = "Leeds", postal_code = "LS1 1AA", country = "GB" };

        foreach (var (body, field) in new (object, string)[]
        {
            (new { items = line }, "shipping_address"),
            (new { items = line, shipping_address = good with { name = "" } }, "shipping_address.name"),
            (new { items = line, shipping_address = good with { name = new string('a', 101) } }, "shipping_address.name"),
            (new { items = line, shipping_address = good with { line1 = "شارع الملك فهد" } }, "shipping_address.line1"),
            (new { items = line, shipping_address = good with { line1 = "1 Main St 🚚" } }, "shipping_address.line1"),
            (new { items = line, shipping_address = good with { line1 = "1 Main\u202E St" } }, "shipping_address.line1"),
            (new { items = line, shipping_address = good with { city = " Leeds" } }, "shipping_address.city"),
            (new { items = line, shipping_address = good with { postal_code = "LS1/1AA" } }, "shipping_address.postal_code"),
            (new { items = line, shipping_address = good with { country = "XX" } }, "shipping_address.country"),
            (new { items = line, shipping_address = good with { country = "gb" } }, "shipping_address.country"),
        })
        {
            var problem = await shop.PostAsync("/api/v1/orders", body, NewKey()).ExpectProblemAsync(HttpStatusCode.BadRequest);
            Assert.True(problem.GetProperty("errors").EnumerateObject().Any(e => e.Name == field),
                $"{field} not named in {problem}");
        }
        Assert.Equal(5, await catalog.StockOfAsync(product));
        Assert.Equal(0, (await shop.GetAsync("/api/v1/orders").ExpectAsync(HttpStatusCode.OK)).GetProperty("items").GetArrayLength());
    }

    [Fact]
    public async Task TheSameKeyReplaysTheFirstResponseAnotherBodyIs422AndKeysBelongToTheirCaller()
    {
        var catalog = await Catalog.AsAdminAsync(graph);
        var product = await catalog.CreateProductAsync(stock: 10);
        var customer = graph.Gateway.As((await graph.Accounts.NewCustomerAsync()).Token);
        var key = NewKey();
        var body = OrderRequests.For(product, 2);

        using var first = await customer.PostAsync("/api/v1/orders", body, key);
        var placed = await Task.FromResult(first).ExpectAsync(HttpStatusCode.Created);
        using var again = await customer.PostAsync("/api/v1/orders", body, key);
        var replayed = await Task.FromResult(again).ExpectAsync(HttpStatusCode.Created);

        Assert.Equal(placed.Id(), replayed.Id());
        Assert.Equal(first.Headers.Location, again.Headers.Location);
        Assert.Equal("true", again.Headers.GetValues("Idempotent-Replayed").Single());
        Assert.Equal(8, await catalog.StockOfAsync(product));

        await customer.PostAsync("/api/v1/orders", OrderRequests.For(product, 3), key)
            .ExpectProblemAsync(HttpStatusCode.UnprocessableEntity);
        await customer.PostAsync("/api/v1/orders", body).ExpectProblemAsync(HttpStatusCode.BadRequest);
        Assert.Equal(8, await catalog.StockOfAsync(product));

        // Another customer's identical key is theirs alone.
        var other = graph.Gateway.As((await graph.Accounts.NewCustomerAsync()).Token);
        var theirs = await other.PostAsync("/api/v1/orders", body, key).ExpectAsync(HttpStatusCode.Created);
        Assert.NotEqual(placed.Id(), theirs.Id());
        Assert.Equal(6, await catalog.StockOfAsync(product));
    }

    [Fact]
    public async Task ConcurrentRequestsWithOneKeyPlaceOneOrderAndTheOthersWaitOrReplay()
    {
        var catalog = await Catalog.AsAdminAsync(graph);
        var product = await catalog.CreateProductAsync(stock: 50);
        var customer = graph.Gateway.As((await graph.Accounts.NewCustomerAsync()).Token);
        var key = NewKey();
        var body = OrderRequests.For(product, 1);

        var answers = await Task.WhenAll(Enumerable.Range(0, 8).Select(async _ =>
        {
            using var response = await customer.PostAsync("/api/v1/orders", body, key);
            return (response.StatusCode, Body: await response.Content.ReadAsStringAsync());
        }));

        Assert.All(answers, a => Assert.Contains(a.StatusCode, new[] { HttpStatusCode.Created, HttpStatusCode.Conflict }));
        Assert.Single(answers.Where(a => a.StatusCode == HttpStatusCode.Created)
            .Select(a => System.Text.Json.JsonDocument.Parse(a.Body).RootElement.Id()).Distinct());
        Assert.Equal(49, await catalog.StockOfAsync(product));
    }

    [Fact]
    public async Task AKeyWhoseFirstRequestIsStillRunningIsA409AndPlacesNothing()
    {
        var catalog = await Catalog.AsAdminAsync(graph);
        var product = await catalog.CreateProductAsync(stock: 5);
        var customer = await graph.Accounts.NewCustomerAsync();
        var key = NewKey();
        var body = $$"""{"items":[{"product_id":"{{product}}","quantity":1}],"shipping_address":{{OrderRequests.AddressJson}}}""";
        // The first request with this key, as the service records it while it runs (the fingerprint is the body's
        // HMAC-SHA256 under the graph's fingerprint key).
        var fingerprintKey = graph.FingerprintKey;
        using var dynamoDb = graph.DynamoDb.CreateClient();
        await dynamoDb.PutItemAsync(new Amazon.DynamoDBv2.Model.PutItemRequest
        {
            TableName = ServiceDefaults.DynamoDbTables.IdempotencyKeys,
            Item = new Dictionary<string, Amazon.DynamoDBv2.Model.AttributeValue>
            {
                ["scope_key"] = new() { S = $"{customer.Id}:place-order:{key}" },
                ["status"] = new() { S = "in_progress" },
                ["fingerprint"] = new() { S = Convert.ToHexStringLower(System.Security.Cryptography.HMACSHA256.HashData(
                    System.Text.Encoding.UTF8.GetBytes(fingerprintKey), System.Text.Encoding.UTF8.GetBytes(body))) },
                ["locked_at"] = new() { N = DateTimeOffset.UtcNow.ToUnixTimeMilliseconds().ToString(System.Globalization.CultureInfo.InvariantCulture) },
                ["expires_at"] = new() { N = DateTimeOffset.UtcNow.AddHours(25).ToUnixTimeSeconds().ToString(System.Globalization.CultureInfo.InvariantCulture) },
            },
        });

        await graph.Gateway.As(customer.Token).SendAsync(HttpMethod.Post, "/api/v1/orders",
            new StringContent(body, System.Text.Encoding.UTF8, "application/json"), ("Idempotency-Key", key)).ExpectProblemAsync(HttpStatusCode.Conflict);

        Assert.Equal(5, await catalog.StockOfAsync(product));
        Assert.Equal(0, (await graph.Gateway.As(customer.Token).GetAsync("/api/v1/orders").ExpectAsync(HttpStatusCode.OK)).GetProperty("items").GetArrayLength());
    }

    [Fact]
    public async Task ARequestWhoseKeyARetryTookOverStoresNoOrderAndReleasesItsStock()
    {
        var catalog = await Catalog.AsAdminAsync(graph);
        var product = await catalog.CreateProductAsync(stock: 5);
        var customer = await graph.Accounts.NewCustomerAsync();
        var key = NewKey();
        using var dynamoDb = graph.DynamoDb.CreateClient();
        var scopeKey = new Dictionary<string, AttributeValue> { ["scope_key"] = new() { S = $"{customer.Id}:place-order:{key}" } };
        async Task<Dictionary<string, AttributeValue>> KeyRecordAsync() => (await dynamoDb.GetItemAsync(new GetItemRequest
        {
            TableName = DynamoDbTables.IdempotencyKeys, Key = scopeKey, ConsistentRead = true,
        })).Item ?? [];

        // The product's row held, so that the request stalls in its stock reservation, after it claimed its key.
        await using var connection = new Npgsql.NpgsqlConnection(graph.DatabaseConnectionString);
        await connection.OpenAsync();
        var hold = await connection.BeginTransactionAsync();
        await using (var lockRow = new Npgsql.NpgsqlCommand("SELECT 1 FROM products WHERE product_id = @id FOR UPDATE", connection, hold))
        {
            lockRow.Parameters.AddWithValue("id", product);
            await lockRow.ExecuteNonQueryAsync();
        }
        var placing = graph.Gateway.As(customer.Token).PostAsync("/api/v1/orders", OrderRequests.For(product, 1), key);
        var claimed = await Poll.Eventually(KeyRecordAsync, item => item.Count > 0);
        Assert.Equal("in_progress", claimed["status"].S);
        // Meanwhile the claim was given up for abandoned and a retry took the key over, as after a long stall.
        await dynamoDb.UpdateItemAsync(new UpdateItemRequest
        {
            TableName = DynamoDbTables.IdempotencyKeys, Key = scopeKey, UpdateExpression = "SET claim_id = :retry",
            ExpressionAttributeValues = new() { [":retry"] = new() { S = "the-retry" } },
        });
        await hold.RollbackAsync();

        await placing.ExpectProblemAsync(HttpStatusCode.Conflict);
        Assert.Equal(5, await catalog.StockOfAsync(product));
        Assert.Equal(0, (await graph.Gateway.As(customer.Token).GetAsync("/api/v1/orders").ExpectAsync(HttpStatusCode.OK)).GetProperty("items").GetArrayLength());
        var record = await KeyRecordAsync();
        Assert.Equal(("the-retry", "in_progress"), (record["claim_id"].S, record["status"].S));
    }

    [Fact]
    public async Task ConcurrentOrdersForTheLastUnitsNeverOversell()
    {
        var catalog = await Catalog.AsAdminAsync(graph);
        var product = await catalog.CreateProductAsync(stock: 3);
        var customers = await Task.WhenAll(Enumerable.Range(0, 10).Select(_ => graph.Accounts.NewCustomerAsync()));

        var answers = await Task.WhenAll(customers.Select(async customer =>
        {
            using var response = await graph.Gateway.As(customer.Token)
                .PostAsync("/api/v1/orders", OrderRequests.For(product, 1), NewKey());
            return response.StatusCode;
        }));

        Assert.Equal(3, answers.Count(a => a == HttpStatusCode.Created));
        Assert.Equal(7, answers.Count(a => a == HttpStatusCode.Conflict));
        Assert.Equal(0, await catalog.StockOfAsync(product));
    }

    [Fact]
    public async Task ACustomerCannotReadOrCancelAnotherCustomersOrder()
    {
        var product = await (await Catalog.AsAdminAsync(graph)).CreateProductAsync(stock: 5);
        var alice = graph.Gateway.As((await graph.Accounts.NewCustomerAsync()).Token);
        var bob = graph.Gateway.As((await graph.Accounts.NewCustomerAsync()).Token);
        var order = await alice.PostAsync("/api/v1/orders", OrderRequests.For(product, 1), NewKey())
            .ExpectAsync(HttpStatusCode.Created);

        await bob.GetAsync($"/api/v1/orders/{order.Id()}").ExpectProblemAsync(HttpStatusCode.NotFound);
        await bob.PostAsync($"/api/v1/orders/{order.Id()}/cancel").ExpectProblemAsync(HttpStatusCode.NotFound);
        Assert.Equal(0, (await bob.GetAsync("/api/v1/orders").ExpectAsync(HttpStatusCode.OK)).GetProperty("items").GetArrayLength());
        Assert.Equal("pending", (await alice.GetAsync($"/api/v1/orders/{order.Id()}").ExpectAsync(HttpStatusCode.OK)).Text("status"));
        await graph.Gateway.As(await graph.Accounts.AdminTokenAsync()).GetAsync($"/api/v1/orders/{order.Id()}").ExpectAsync(HttpStatusCode.OK);
    }

    [Fact]
    public async Task TheOwnerCancelsAPendingOrderOnceAndItsStockComesBack()
    {
        var catalog = await Catalog.AsAdminAsync(graph);
        var product = await catalog.CreateProductAsync(stock: 5);
        var customer = graph.Gateway.As((await graph.Accounts.NewCustomerAsync()).Token);
        var order = await customer.PostAsync("/api/v1/orders", OrderRequests.For(product, 2), NewKey())
            .ExpectAsync(HttpStatusCode.Created);

        var cancelled = await customer.PostAsync($"/api/v1/orders/{order.Id()}/cancel").ExpectAsync(HttpStatusCode.OK);
        await customer.PostAsync($"/api/v1/orders/{order.Id()}/cancel").ExpectAsync(HttpStatusCode.OK);

        Assert.Equal("cancelled", cancelled.Text("status"));
        Assert.Equal(5, await Poll.Eventually(() => catalog.StockOfAsync(product), stock => stock == 5));
        var admin = graph.Gateway.As(await graph.Accounts.AdminTokenAsync());
        await admin.PostAsync($"/api/v1/orders/{order.Id()}/ship").ExpectProblemAsync(HttpStatusCode.Conflict);

        var events = EventCollector.FromKafka(graph, new HashSet<Guid> { order.Id() }, e => e.Count >= 2, TimeSpan.FromSeconds(30));
        Assert.Equal(["order.created", "order.cancelled"], events.Select(e => e.EventType).ToArray());
    }

    [Fact]
    public async Task AConfirmedOrderCommitsItsStockAndOnlyAnAdministratorShipsIt()
    {
        var catalog = await Catalog.AsAdminAsync(graph);
        var product = await catalog.CreateProductAsync(stock: 5);
        var customer = graph.Gateway.As((await graph.Accounts.NewCustomerAsync()).Token);
        var order = await customer.PostAsync("/api/v1/orders", OrderRequests.For(product, 1), NewKey())
            .ExpectAsync(HttpStatusCode.Created);

        var payment = new { payment_id = Guid.NewGuid(), card_last4 = "4242", paid_at = DateTimeOffset.UtcNow };
        await graph.OrdersAsPayments.PostAsync($"/internal/orders/{order.Id()}/confirm", payment).ExpectAsync(HttpStatusCode.OK);
        await graph.OrdersAsPayments.PostAsync($"/internal/orders/{order.Id()}/confirm", payment).ExpectAsync(HttpStatusCode.OK);
        await customer.PostAsync($"/api/v1/orders/{order.Id()}/cancel").ExpectProblemAsync(HttpStatusCode.Conflict);
        await customer.PostAsync($"/api/v1/orders/{order.Id()}/ship").ExpectProblemAsync(HttpStatusCode.Forbidden);
        var shipped = await graph.Gateway.As(await graph.Accounts.AdminTokenAsync()).PostAsync($"/api/v1/orders/{order.Id()}/ship").ExpectAsync(HttpStatusCode.OK);

        Assert.Equal("shipped", shipped.Text("status"));
        // The saga repeating its confirmation late is answered as done — never as a refusal, which would read as
        // "cancelled" — while another payment's confirmation is refused.
        await graph.OrdersAsPayments.PostAsync($"/internal/orders/{order.Id()}/confirm", payment).ExpectAsync(HttpStatusCode.OK);
        await graph.OrdersAsPayments.PostAsync($"/internal/orders/{order.Id()}/confirm", payment with { payment_id = Guid.NewGuid() })
            .ExpectProblemAsync(HttpStatusCode.Conflict);
        Assert.Equal("shipped", (await customer.GetAsync($"/api/v1/orders/{order.Id()}").ExpectAsync(HttpStatusCode.OK)).Text("status"));
        Assert.Equal("committed", await Poll.Eventually(
            async () => (await graph.ProductsAsOrders.GetAsync($"/internal/stock/reservations/{order.Id()}").ExpectAsync(HttpStatusCode.OK)).Text("status"),
            status => status == "committed"));
        Assert.Equal(4, await catalog.StockOfAsync(product));
    }

    [Fact]
    public async Task OrdersAreListedNewestFirstPageByPage()
    {
        var product = await (await Catalog.AsAdminAsync(graph)).CreateProductAsync(stock: 10);
        var customer = graph.Gateway.As((await graph.Accounts.NewCustomerAsync()).Token);
        var placed = new List<Guid>();
        for (var i = 0; i < 3; i++)
        {
            placed.Add((await customer.PostAsync("/api/v1/orders", OrderRequests.For(product, 1), NewKey())
                .ExpectAsync(HttpStatusCode.Created)).Id());
        }

        var first = await customer.GetAsync("/api/v1/orders?limit=2").ExpectAsync(HttpStatusCode.OK);
        var second = await customer.GetAsync($"/api/v1/orders?limit=2&page_token={Uri.EscapeDataString(first.Text("next_page_token"))}").ExpectAsync(HttpStatusCode.OK);

        var listed = first.GetProperty("items").EnumerateArray().Concat(second.GetProperty("items").EnumerateArray()).Select(o => o.Id()).ToList();
        Assert.Equal(Enumerable.Reverse(placed).ToList(), listed);
        await customer.GetAsync("/api/v1/orders?limit=1000").ExpectProblemAsync(HttpStatusCode.BadRequest);
        await customer.GetAsync("/api/v1/orders?page_token=bm90LWEtdG9rZW4=").ExpectProblemAsync(HttpStatusCode.BadRequest);
    }
}
