using System.Globalization;
using System.Net;
using Amazon.DynamoDBv2.Model;
using ECommerce.ServiceDefaults;
using ECommerce.Tests.Harness;

namespace ECommerce.Tests.Orders;

[Collection(GraphCollection.Name)]
public sealed class CartTests(GraphFixture graph)
{
    [Fact]
    public async Task ACustomerPutsChangesAndRemovesLinesWithAttributesAndPriceSnapshots()
    {
        var catalog = await Catalog.AsAdminAsync(graph);
        var shirt = await catalog.CreateProductAsync("Shirt", 19.99m);
        var mug = await catalog.CreateProductAsync("Mug", 7.50m);
        var carts = graph.Gateway.As((await graph.Accounts.NewCustomerAsync()).Token);

        var line = await carts.PutAsync($"/api/v1/carts/items/{shirt}", new { quantity = 2, attributes = new { size = "M", colour = "blue", gift_wrap = true } })
            .ExpectAsync(HttpStatusCode.OK);
        Assert.Equal(39.98m, line.GetProperty("line_total").GetDecimal());
        await carts.PutAsync($"/api/v1/carts/items/{mug}", new { quantity = 1 }).ExpectAsync(HttpStatusCode.OK);
        await carts.PutAsync($"/api/v1/carts/items/{shirt}", new { quantity = 3, attributes = new { size = "L" } }).ExpectAsync(HttpStatusCode.OK);

        var cart = await carts.GetAsync("/api/v1/carts").ExpectAsync(HttpStatusCode.OK);
        Assert.Equal(4, cart.GetProperty("item_count").GetInt32());
        Assert.Equal(3 * 19.99m + 7.50m, cart.GetProperty("total").GetDecimal());
        var shirtLine = cart.GetProperty("items").EnumerateArray().Single(i => i.Id("product_id") == shirt);
        Assert.Equal("L", shirtLine.GetProperty("attributes").Text("size"));
        Assert.False(shirtLine.GetProperty("attributes").TryGetProperty("gift_wrap", out _));

        await carts.DeleteAsync($"/api/v1/carts/items/{mug}").ExpectAsync(HttpStatusCode.NoContent);
        await carts.DeleteAsync($"/api/v1/carts/items/{mug}").ExpectProblemAsync(HttpStatusCode.NotFound);
        Assert.Equal(1, (await carts.GetAsync("/api/v1/carts").ExpectAsync(HttpStatusCode.OK)).GetProperty("items").GetArrayLength());
    }

    [Fact]
    public async Task EachCustomerSeesOnlyTheirOwnCart()
    {
        var product = await (await Catalog.AsAdminAsync(graph)).CreateProductAsync();
        var alice = graph.Gateway.As((await graph.Accounts.NewCustomerAsync()).Token);
        var bob = graph.Gateway.As((await graph.Accounts.NewCustomerAsync()).Token);

        await alice.PutAsync($"/api/v1/carts/items/{product}", new { quantity = 1 }).ExpectAsync(HttpStatusCode.OK);

        Assert.Equal(0, (await bob.GetAsync("/api/v1/carts").ExpectAsync(HttpStatusCode.OK)).GetProperty("items").GetArrayLength());
        await bob.DeleteAsync($"/api/v1/carts/items/{product}").ExpectProblemAsync(HttpStatusCode.NotFound);
        await graph.Gateway.GetAsync("/api/v1/carts").ExpectProblemAsync(HttpStatusCode.Unauthorized);
        Assert.Equal(1, (await alice.GetAsync("/api/v1/carts").ExpectAsync(HttpStatusCode.OK)).GetProperty("items").GetArrayLength());
    }

    [Fact]
    public async Task AnExpiredLineIsNeverReturnedEvenBeforeDynamoDbDeletesIt()
    {
        var customer = await graph.Accounts.NewCustomerAsync();
        var product = Guid.NewGuid();
        using var dynamoDb = graph.DynamoDb.CreateClient();
        await dynamoDb.PutItemAsync(new PutItemRequest
        {
            TableName = DynamoDbTables.Carts,
            Item = new Dictionary<string, AttributeValue>
            {
                ["user_id"] = new() { S = customer.Id.ToString() },
                ["product_id"] = new() { S = product.ToString() },
                ["name"] = new() { S = "Stale" },
                ["quantity"] = new() { N = "1" },
                ["unit_price"] = new() { N = "1.00" },
                ["attributes"] = new() { M = [] },
                ["added_at"] = new() { S = DateTimeOffset.UtcNow.AddDays(-40).ToString("O", CultureInfo.InvariantCulture) },
                ["expires_at"] = new() { N = DateTimeOffset.UtcNow.AddMinutes(-1).ToUnixTimeSeconds().ToString(CultureInfo.InvariantCulture) },
            },
        });

        var cart = await graph.Gateway.As(customer.Token).GetAsync("/api/v1/carts").ExpectAsync(HttpStatusCode.OK);
        Assert.Equal(0, cart.GetProperty("items").GetArrayLength());
        await graph.Gateway.As(customer.Token).DeleteAsync($"/api/v1/carts/items/{product}").ExpectProblemAsync(HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task BadLinesAreA400OrA404AndStoreNothing()
    {
        var product = await (await Catalog.AsAdminAsync(graph)).CreateProductAsync();
        var customer = graph.Gateway.As((await graph.Accounts.NewCustomerAsync()).Token);

        await customer.PutAsync($"/api/v1/carts/items/{product}", new { quantity = 0 }).ExpectProblemAsync(HttpStatusCode.BadRequest);
        await customer.PutAsync($"/api/v1/carts/items/{product}", new { quantity = 101 }).ExpectProblemAsync(HttpStatusCode.BadRequest);
        await customer.PutAsync($"/api/v1/carts/items/{product}", new { quantity = 1, unit_price = 0.01m }).ExpectProblemAsync(HttpStatusCode.BadRequest);
        await customer.SendAsync(HttpMethod.Put, $"/api/v1/carts/items/{product}",
            new StringContent("""{"quantity":1,"attributes":{"Size":"M"}}""", System.Text.Encoding.UTF8, "application/json")).ExpectProblemAsync(HttpStatusCode.BadRequest);
        await customer.PutAsync($"/api/v1/carts/items/{product}", new { quantity = 1, attributes = new { nested = new { a = 1 } } }).ExpectProblemAsync(HttpStatusCode.BadRequest);
        await customer.PutAsync($"/api/v1/carts/items/{Guid.NewGuid()}", new { quantity = 1 }).ExpectProblemAsync(HttpStatusCode.NotFound);

        Assert.Equal(0, (await customer.GetAsync("/api/v1/carts").ExpectAsync(HttpStatusCode.OK)).GetProperty("items").GetArrayLength());
    }
}
