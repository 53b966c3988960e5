using System.Net;
using System.Text;
using ECommerce.Tests.Harness;

namespace ECommerce.Tests.Gateway;

/// <summary>What a new user of the API is told when they get something wrong: the exact mistake, and nothing stored.</summary>
[Collection(GraphCollection.Name)]
public sealed class ClientMistakeAnswersTests(GraphFixture graph)
{
    private const string TooPrecise = "1.000000000000000000000000000001";

    private static string NewKey() => Guid.NewGuid().ToString("N");

    private static StringContent Json(string json) => new(json, Encoding.UTF8, "application/json");

    [Fact]
    public async Task AnOrderNamingAProductThatDoesNotExistIsA422NamingItAndReservesNothing()
    {
        var catalog = await Catalog.AsAdminAsync(graph);
        var real = await catalog.CreateProductAsync(stock: 5);
        var missing = Guid.NewGuid();
        var shop = graph.Gateway.As((await graph.Accounts.NewCustomerAsync()).Token);
        var lines = new[] { new { product_id = real, quantity = 1 }, new { product_id = missing, quantity = 2 } };

        var problem = await shop.PostAsync("/api/v1/orders", new { items = lines, shipping_address = OrderRequests.Address }, NewKey())
            .ExpectProblemAsync(HttpStatusCode.UnprocessableEntity);

        Assert.Equal("Unknown products", problem.Text("title"));
        Assert.Equal([missing], problem.GetProperty("unknown_product_ids").EnumerateArray().Select(id => id.GetGuid()).ToArray());
        Assert.Contains(missing.ToString(), problem.Text("detail"));
        Assert.Equal(5, await catalog.StockOfAsync(real));
        Assert.Equal(0, (await shop.GetAsync("/api/v1/orders").ExpectAsync(HttpStatusCode.OK)).GetProperty("items").GetArrayLength());
    }

    [Fact]
    public async Task NotEnoughStockIsA409SayingWhatIsLeft()
    {
        var catalog = await Catalog.AsAdminAsync(graph);
        var product = await catalog.CreateProductAsync(stock: 2);
        var shop = graph.Gateway.As((await graph.Accounts.NewCustomerAsync()).Token);

        var problem = await shop.PostAsync("/api/v1/orders", OrderRequests.For(product, 3), NewKey()).ExpectProblemAsync(HttpStatusCode.Conflict);

        var unavailable = Assert.Single(problem.GetProperty("unavailable").EnumerateArray());
        Assert.Equal(product, unavailable.Id("product_id"));
        Assert.Equal(3, unavailable.GetProperty("requested").GetInt32());
        Assert.Equal(2, unavailable.GetProperty("available").GetInt32());
        Assert.Equal(2, await catalog.StockOfAsync(product));
    }

    [Fact]
    public async Task AMissingIdempotencyKeyIsRequiredAndAMalformedOneIsCalledMalformed()
    {
        var product = await (await Catalog.AsAdminAsync(graph)).CreateProductAsync(stock: 5);
        var shop = graph.Gateway.As((await graph.Accounts.NewCustomerAsync()).Token);
        var body = Json($$"""{"items":[{"product_id":"{{product}}","quantity":1}],"shipping_address":{{OrderRequests.AddressJson}}}""");

        var missing = await shop.SendAsync(HttpMethod.Post, "/api/v1/orders", body).ExpectProblemAsync(HttpStatusCode.BadRequest);
        Assert.Equal("Idempotency-Key required", missing.Text("title"));
        foreach (var malformed in new[] { "has spaces", new string('k', 129), "key/with/slashes" })
        {
            var problem = await shop.SendAsync(HttpMethod.Post, "/api/v1/orders", body, ("Idempotency-Key", malformed))
                .ExpectProblemAsync(HttpStatusCode.BadRequest);
            Assert.Equal("Idempotency-Key malformed", problem.Text("title"));
            Assert.Contains("1 to 128 letters, digits", problem.Text("detail"));
        }
        Assert.Equal(0, (await shop.GetAsync("/api/v1/orders").ExpectAsync(HttpStatusCode.OK)).GetProperty("items").GetArrayLength());
    }

    [Fact]
    public async Task APriceMorePreciseThanTheCurrencyIsRefusedByFieldAndNothingIsStored()
    {
        var admin = graph.Gateway.As(await graph.Accounts.AdminTokenAsync());
        foreach (var price in new[] { TooPrecise, "19.999", "1e-3" })
        {
            var sku = Catalog.NewSku();
            var problem = await admin.PostRawAsync("/api/v1/products",
                $$"""{"sku":"{{sku}}","name":"Too precise","price":{{price}},"stock_level":1}""").ExpectProblemAsync(HttpStatusCode.BadRequest);

            Assert.Contains("at most 2 decimal places", problem.GetProperty("errors").GetProperty("price")[0].GetString());
            var found = await graph.Gateway.GetAsync($"/api/v1/products?q=Too%20precise&page_size=100").ExpectAsync(HttpStatusCode.OK);
            Assert.DoesNotContain(found.GetProperty("items").EnumerateArray(), p => p.Text("sku") == sku);
        }

        var rows = $$"""{"products":[{"sku":"{{Catalog.NewSku()}}","name":"Fine","price":1.25,"stock_level":1},{"sku":"{{Catalog.NewSku()}}","name":"Not fine","price":{{TooPrecise}},"stock_level":1}]}""";
        var batch = await admin.PostRawAsync("/api/v1/products/batch", rows).ExpectProblemAsync(HttpStatusCode.BadRequest);
        Assert.True(batch.GetProperty("errors").TryGetProperty("products[1].price", out _), batch.GetRawText());
    }

    [Fact]
    public async Task APriceIsAnsweredAsItWasStored()
    {
        var admin = graph.Gateway.As(await graph.Accounts.AdminTokenAsync());

        var created = await admin.PostRawAsync("/api/v1/products",
            $$"""{"sku":"{{Catalog.NewSku()}}","name":"Trailing zeros","price":12.500000,"stock_level":1}""").ExpectAsync(HttpStatusCode.Created);

        Assert.Equal("12.50", created.GetProperty("price").GetRawText());
        var stored = await graph.Gateway.GetAsync($"/api/v1/products/{created.Id()}").ExpectAsync(HttpStatusCode.OK);
        Assert.Equal(12.5m, stored.GetProperty("price").GetDecimal());
    }

    [Fact]
    public async Task APaymentAmountMorePreciseThanTheCurrencyIsA400AndChargesNothing()
    {
        var product = await (await Catalog.AsAdminAsync(graph)).CreateProductAsync(price: 10m, stock: 5);
        var shop = graph.Gateway.As((await graph.Accounts.NewCustomerAsync()).Token);
        var order = await shop.PostAsync("/api/v1/orders", OrderRequests.For(product, 1), NewKey()).ExpectAsync(HttpStatusCode.Created);

        var problem = await shop.SendAsync(HttpMethod.Post, "/api/v1/payments",
            Json($$$"""{"order_id":"{{{order.Id()}}}","amount":10.001,"method":{"type":"card","card_number":"4242424242424242"}}"""), ("Idempotency-Key", NewKey()))
            .ExpectProblemAsync(HttpStatusCode.BadRequest);

        Assert.True(problem.GetProperty("errors").TryGetProperty("amount", out _), problem.GetRawText());
        Assert.Equal(0, (await shop.GetAsync($"/api/v1/payments?order_id={order.Id()}").ExpectAsync(HttpStatusCode.OK)).GetArrayLength());
        Assert.Equal("pending", (await shop.GetAsync($"/api/v1/orders/{order.Id()}").ExpectAsync(HttpStatusCode.OK)).Text("status"));
    }
}
