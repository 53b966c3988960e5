extern alias orders;
using System.Net;
using ECommerce.Tests.Harness;
using orders::ECommerce.Orders.Orders;

namespace ECommerce.Tests.Orders;

/// <summary>
/// A placement that reserved stock and then never stored its order (the orders service killed in between, DynamoDB
/// gone) leaves stock held for nobody. The orders service's sweep finds such reservations once they are older than any
/// placement runs, makes the order impossible to store, and releases the stock; stock of an order that was stored stays.
/// </summary>
[Collection(GraphCollection.Name)]
public sealed class AbandonedPlacementTests(GraphFixture graph)
{
    private const string GoodCard = "4242424242424242";

    [Fact]
    public async Task StockHeldForAnOrderNeverStoredIsReleasedAndTheOrderCanNoLongerBeStoredWhileAStoredOrderKeepsItsStock()
    {
        var catalog = await Catalog.AsAdminAsync(graph);
        var product = await catalog.CreateProductAsync("Held item", 12.50m, stock: 10);
        // What a placement killed after its reservation leaves behind: stock reserved under an order id nobody stored.
        var lost = Guid.CreateVersion7();
        await graph.ProductsAsOrders.PostAsync("/internal/stock/reservations", new { order_id = lost, items = new[] { new { product_id = product, quantity = 3 } } })
            .ExpectAsync(HttpStatusCode.OK);
        var customer = await graph.Accounts.NewCustomerAsync();
        var shop = graph.Gateway.As(customer.Token);
        var stored = (await shop.PostAsync("/api/v1/orders", OrderRequests.For(product, 2),
            Guid.NewGuid().ToString("N")).ExpectAsync(HttpStatusCode.Created)).Id();
        var storedCrossesTheBound = DateTimeOffset.UtcNow + GraphFixture.PlacementAbandonedAfter;
        Assert.Equal(5, await catalog.StockOfAsync(product));

        var released = await Poll.Eventually(() => ReservationStatusAsync(lost), status => status == "released",
            GraphFixture.PlacementAbandonedAfter + TimeSpan.FromSeconds(20));
        Assert.Equal("released", released);
        // Sweeps that looked at the stored order's reservation too, once it had crossed the bound.
        var sweptAfterIt = storedCrossesTheBound + TimeSpan.FromSeconds(3) - DateTimeOffset.UtcNow;
        if (sweptAfterIt > TimeSpan.Zero)
        {
            await Task.Delay(sweptAfterIt);
        }

        Assert.Equal(8, await catalog.StockOfAsync(product));
        Assert.Equal("reserved", await ReservationStatusAsync(stored));
        var admin = graph.Gateway.As(await graph.Accounts.AdminTokenAsync());
        await admin.GetAsync($"/api/v1/orders/{lost}").ExpectAsync(HttpStatusCode.NotFound);
        // A placement still running past the bound cannot store its order after all.
        using var dynamoDb = graph.DynamoDb.CreateClient();
        var late = new Order(lost, customer.Id, OrderStatuses.Pending, [new OrderLine(product, "Held item", 3, 12.50m)], 37.50m,
            DateTimeOffset.UtcNow, DateTimeOffset.UtcNow);
        Assert.Equal(OrderCreation.Abandoned, await new OrderStore(dynamoDb).CreateAsync(late, [], response: null, CancellationToken.None));
        await admin.GetAsync($"/api/v1/orders/{lost}").ExpectAsync(HttpStatusCode.NotFound);

        // The stored order goes on as any other: paid, confirmed, its stock made final.
        await shop.PostAsync("/api/v1/payments", new { order_id = stored, amount = 25.00m, method = new { type = "card", card_number = GoodCard } },
            Guid.NewGuid().ToString("N")).ExpectAsync(HttpStatusCode.Created);
        Assert.Equal("confirmed", (await shop.GetAsync($"/api/v1/orders/{stored}").ExpectAsync(HttpStatusCode.OK)).Text("status"));
        Assert.Equal(8, await catalog.StockOfAsync(product));
    }

    private async Task<string?> ReservationStatusAsync(Guid orderId) =>
        (await graph.ProductsAsOrders.GetAsync($"/internal/stock/reservations/{orderId}").ExpectAsync(HttpStatusCode.OK)).Text("status");
}
