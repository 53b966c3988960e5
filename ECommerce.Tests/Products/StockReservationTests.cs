using System.Net;
using ECommerce.Tests.Harness;

namespace ECommerce.Tests.Products;

[Collection(GraphCollection.Name)]
public sealed class StockReservationTests(GraphFixture graph)
{
    private const string Reservations = "/internal/stock/reservations";

    [Fact]
    public async Task FiftyConcurrentReservationsAgainstStockOfTenReserveExactlyTen()
    {
        var catalog = await Catalog.AsAdminAsync(graph);
        var product = await catalog.CreateProductAsync(stock: 10);

        var outcomes = await Task.WhenAll(Enumerable.Range(0, 50).Select(async _ =>
        {
            using var response = await graph.ProductsAsOrders.PostAsync(Reservations, new { order_id = Guid.NewGuid(), items = new[] { new { product_id = product, quantity = 1 } } });
            return response.StatusCode;
        }));

        Assert.Equal(10, outcomes.Count(s => s == HttpStatusCode.OK));
        Assert.Equal(40, outcomes.Count(s => s == HttpStatusCode.Conflict));
        Assert.Equal(0, await catalog.StockOfAsync(product));
    }

    [Fact]
    public async Task AMultiLineReservationIsAllOrNothing()
    {
        var catalog = await Catalog.AsAdminAsync(graph);
        var plenty = await catalog.CreateProductAsync(stock: 10);
        var scarce = await catalog.CreateProductAsync(stock: 1);
        var missing = Guid.NewGuid();

        var problem = await graph.ProductsAsOrders.PostAsync(Reservations, new
        {
            order_id = Guid.NewGuid(),
            items = new[] { new { product_id = plenty, quantity = 3 }, new { product_id = scarce, quantity = 2 }, new { product_id = missing, quantity = 1 } },
        }).ExpectProblemAsync(HttpStatusCode.Conflict);

        Assert.Equal("rejected", problem.Text("reservation_status"));
        var problems = problem.GetProperty("problems").EnumerateArray().ToDictionary(p => p.Id("product_id"), p => p.Text("problem"));
        Assert.Equal("insufficient_stock", problems[scarce]);
        Assert.Equal("unknown_product", problems[missing]);
        Assert.False(problems.ContainsKey(plenty));
        Assert.Equal(10, await catalog.StockOfAsync(plenty));
        Assert.Equal(1, await catalog.StockOfAsync(scarce));
    }

    [Fact]
    public async Task TheSameOrderReservedTwiceReservesOnceAndReplaysTheFirstOutcome()
    {
        var catalog = await Catalog.AsAdminAsync(graph);
        var product = await catalog.CreateProductAsync(price: 4.25m, stock: 10);
        var request = new { order_id = Guid.NewGuid(), items = new[] { new { product_id = product, quantity = 3 } } };

        var results = await Task.WhenAll(Enumerable.Range(0, 5).Select(_ => graph.ProductsAsOrders.PostAsync(Reservations, request).ExpectAsync(HttpStatusCode.OK)));

        Assert.All(results, r => Assert.Equal("reserved", r.Text("status")));
        Assert.All(results, r => Assert.Equal(4.25m, r.GetProperty("items")[0].GetProperty("unit_price").GetDecimal()));
        Assert.Equal(7, await catalog.StockOfAsync(product));

        // The same order id with other lines is a caller's bug, not a retry: refused, and nothing moves.
        await graph.ProductsAsOrders.PostAsync(Reservations, new { request.order_id, items = new[] { new { product_id = product, quantity = 9 } } })
            .ExpectProblemAsync(HttpStatusCode.UnprocessableEntity);
        var stored = await graph.ProductsAsOrders.GetAsync($"{Reservations}/{request.order_id}").ExpectAsync(HttpStatusCode.OK);
        Assert.Equal(3, stored.GetProperty("items")[0].GetProperty("quantity").GetInt32());
        Assert.Equal(7, await catalog.StockOfAsync(product));
    }

    [Fact]
    public async Task ReleaseRestoresStockExactlyOnceAndAReleasedOrderCannotBeCommitted()
    {
        var catalog = await Catalog.AsAdminAsync(graph);
        var product = await catalog.CreateProductAsync(stock: 10);
        var orderId = Guid.NewGuid();
        await graph.ProductsAsOrders.PostAsync(Reservations, new { order_id = orderId, items = new[] { new { product_id = product, quantity = 4 } } })
            .ExpectAsync(HttpStatusCode.OK);

        var releases = await Task.WhenAll(Enumerable.Range(0, 3).Select(_ => graph.ProductsAsOrders.PostAsync($"{Reservations}/{orderId}/release").ExpectAsync(HttpStatusCode.OK)));

        Assert.All(releases, r => Assert.Equal("released", r.Text("status")));
        Assert.Equal(10, await catalog.StockOfAsync(product));
        await graph.ProductsAsOrders.PostAsync($"{Reservations}/{orderId}/commit").ExpectProblemAsync(HttpStatusCode.Conflict);
        Assert.Equal(10, await catalog.StockOfAsync(product));
    }

    [Fact]
    public async Task AProductWithReservedStockCannotBeDeletedUntilTheReservationIsSettled()
    {
        var catalog = await Catalog.AsAdminAsync(graph);
        var product = await catalog.CreateProductAsync(stock: 5);
        var orderId = Guid.NewGuid();
        await graph.ProductsAsOrders.PostAsync(Reservations, new { order_id = orderId, items = new[] { new { product_id = product, quantity = 2 } } })
            .ExpectAsync(HttpStatusCode.OK);

        await catalog.Admin.DeleteAsync($"/api/v1/products/{product}").ExpectProblemAsync(HttpStatusCode.Conflict);
        await graph.ProductsAsOrders.PostAsync($"{Reservations}/{orderId}/release").ExpectAsync(HttpStatusCode.OK);
        await catalog.Admin.DeleteAsync($"/api/v1/products/{product}").ExpectAsync(HttpStatusCode.NoContent);
        await catalog.Admin.DeleteAsync($"/api/v1/products/{product}").ExpectProblemAsync(HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task ReservesAndReleasesRacingOnTheSameProductsNeverDeadlockOrLoseStock()
    {
        var catalog = await Catalog.AsAdminAsync(graph);
        var first = await catalog.CreateProductAsync(stock: 100);
        var second = await catalog.CreateProductAsync(stock: 100);
        var orders = Enumerable.Range(0, 20).Select(_ => Guid.NewGuid()).ToList();

        // Lines in both orders of products, so a naive implementation would lock them crosswise.
        await Task.WhenAll(orders.Select((order, i) => graph.ProductsAsOrders.PostAsync(Reservations, new
        {
            order_id = order,
            items = i % 2 == 0
                ? new[] { new { product_id = first, quantity = 1 }, new { product_id = second, quantity = 2 } }
                : new[] { new { product_id = second, quantity = 2 }, new { product_id = first, quantity = 1 } },
        }).ExpectAsync(HttpStatusCode.OK)));
        await Task.WhenAll(orders.Select((order, i) => i % 2 == 0
            ? graph.ProductsAsOrders.PostAsync($"{Reservations}/{order}/release").ExpectAsync(HttpStatusCode.OK)
            : graph.ProductsAsOrders.PostAsync(Reservations, new { order_id = Guid.NewGuid(), items = new[] { new { product_id = second, quantity = 1 }, new { product_id = first, quantity = 1 } } })
                .ExpectAsync(HttpStatusCode.OK)));

        // 10 orders kept (1 + 2 each), 10 released, 10 new (1 + 1 each).
        Assert.Equal(100 - 10 - 10, await catalog.StockOfAsync(first));
        Assert.Equal(100 - 20 - 10, await catalog.StockOfAsync(second));
    }

    [Fact]
    public async Task CommitIsFinalAndIdempotent()
    {
        var catalog = await Catalog.AsAdminAsync(graph);
        var product = await catalog.CreateProductAsync(stock: 5);
        var orderId = Guid.NewGuid();
        await graph.ProductsAsOrders.PostAsync(Reservations, new { order_id = orderId, items = new[] { new { product_id = product, quantity = 2 } } })
            .ExpectAsync(HttpStatusCode.OK);

        await graph.ProductsAsOrders.PostAsync($"{Reservations}/{orderId}/commit").ExpectAsync(HttpStatusCode.OK);
        var again = await graph.ProductsAsOrders.PostAsync($"{Reservations}/{orderId}/commit").ExpectAsync(HttpStatusCode.OK);

        Assert.Equal("committed", again.Text("status"));
        await graph.ProductsAsOrders.PostAsync($"{Reservations}/{orderId}/release").ExpectProblemAsync(HttpStatusCode.Conflict);
        Assert.Equal(3, await catalog.StockOfAsync(product));
        await graph.ProductsAsOrders.PostAsync($"{Reservations}/{Guid.NewGuid()}/commit").ExpectProblemAsync(HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task AReserveArrivingAfterItsOrderWasReleasedTakesNoStock()
    {
        var catalog = await Catalog.AsAdminAsync(graph);
        var product = await catalog.CreateProductAsync(stock: 5);
        var orderId = Guid.NewGuid();

        // The order service gave up (its reserve call timed out) and compensated before the reserve got through.
        await graph.ProductsAsOrders.PostAsync($"{Reservations}/{orderId}/release").ExpectAsync(HttpStatusCode.OK);
        var late = await graph.ProductsAsOrders.PostAsync(Reservations, new { order_id = orderId, items = new[] { new { product_id = product, quantity = 5 } } })
            .ExpectProblemAsync(HttpStatusCode.Conflict);

        Assert.Equal("released", late.Text("reservation_status"));
        Assert.Equal(5, await catalog.StockOfAsync(product));
    }

    [Fact]
    public async Task NegativeZeroAndOverflowingQuantitiesAreA400AndReserveNothing()
    {
        var catalog = await Catalog.AsAdminAsync(graph);
        var product = await catalog.CreateProductAsync(stock: 5);

        foreach (var quantity in new[] { "-1", "0", "2147483648", "1e3", "1.5" })
        {
            var orderId = Guid.NewGuid();
            await graph.ProductsAsOrders.PostRawAsync(Reservations, $$"""{"order_id":"{{orderId}}","items":[{"product_id":"{{product}}","quantity":{{quantity}}}]}""")
                .ExpectProblemAsync(HttpStatusCode.BadRequest);
            await graph.ProductsAsOrders.GetAsync($"{Reservations}/{orderId}").ExpectProblemAsync(HttpStatusCode.NotFound);
        }
        Assert.Equal(5, await catalog.StockOfAsync(product));
    }

    [Fact]
    public async Task ReservationsStillHoldingStockArePagedOldestFirst()
    {
        var product = await (await Catalog.AsAdminAsync(graph)).CreateProductAsync(stock: 10);
        var from = DateTimeOffset.UtcNow;
        var orders = new[] { Guid.NewGuid(), Guid.NewGuid(), Guid.NewGuid() };
        foreach (var order in orders)
        {
            await graph.ProductsAsOrders.PostAsync(Reservations, new { order_id = order, items = new[] { new { product_id = product, quantity = 1 } } })
                .ExpectAsync(HttpStatusCode.OK);
        }
        await graph.ProductsAsOrders.PostAsync($"{Reservations}/{orders[1]}/release", new { }).ExpectAsync(HttpStatusCode.OK);
        var before = DateTimeOffset.UtcNow.AddSeconds(1);

        var first = Assert.Single((await HeldAsync(before, from, Guid.Empty, limit: 1)).EnumerateArray());
        Assert.Equal(orders[0], first.Id("order_id"));
        var second = Assert.Single((await HeldAsync(before, first.GetProperty("reserved_at").GetDateTimeOffset(), orders[0], limit: 1)).EnumerateArray());
        Assert.Equal(orders[2], second.Id("order_id"));
        Assert.Equal(0, (await HeldAsync(before, second.GetProperty("reserved_at").GetDateTimeOffset(), orders[2], limit: 1)).GetArrayLength());
        Assert.Equal(0, (await HeldAsync(from, DateTimeOffset.MinValue, Guid.Empty, limit: 500)).EnumerateArray().Count(r => orders.Contains(r.Id("order_id"))));

        await graph.ProductsAsOrders.GetAsync($"{Reservations}/held").ExpectProblemAsync(HttpStatusCode.BadRequest);
        await graph.ProductsAsOrders.GetAsync($"{Reservations}/held?before={QueryInstant(before)}&limit=0").ExpectProblemAsync(HttpStatusCode.BadRequest);
    }

    private Task<System.Text.Json.JsonElement> HeldAsync(DateTimeOffset before, DateTimeOffset afterTime, Guid afterOrder, int limit) =>
        graph.ProductsAsOrders.GetAsync($"{Reservations}/held?before={QueryInstant(before)}&after_time={QueryInstant(afterTime)}&after_order={afterOrder}&limit={limit}")
            .ExpectAsync(HttpStatusCode.OK);

    private static string QueryInstant(DateTimeOffset time) => Uri.EscapeDataString(time.ToString("O", System.Globalization.CultureInfo.InvariantCulture));
}
