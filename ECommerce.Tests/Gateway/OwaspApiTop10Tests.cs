using System.Net;
using System.Text;
using ECommerce.ServiceDefaults.Authentication;
using ECommerce.Tests.Harness;

namespace ECommerce.Tests.Gateway;

/// <summary>
/// The OWASP API Security Top 10 (2023) against the running graph. Everything goes through the gateway, as an
/// attacker's requests would (one case also calls a service directly, to show what the gateway vouches for); each case checks the exact status and that nothing was stored.
/// </summary>
[Collection(GraphCollection.Name)]
public sealed class OwaspApiTop10Tests(GraphFixture graph)
{
    [Fact]
    public async Task Api1BrokenObjectLevelAuthorizationAnotherUsersAccountIsNotFound()
    {
        var alice = await graph.Accounts.NewCustomerAsync();
        var bob = await graph.Accounts.NewCustomerAsync();
        var gateway = graph.Gateway.As(alice.Token);

        await gateway.GetAsync($"/api/v1/users/{bob.Id}").ExpectProblemAsync(HttpStatusCode.NotFound);
        await gateway.GetAsync($"/api/v1/users/{bob.Id}/metadata").ExpectProblemAsync(HttpStatusCode.NotFound);
        await gateway.PatchAsync($"/api/v1/users/{bob.Id}", new { name = "Owned" }).ExpectProblemAsync(HttpStatusCode.NotFound);
        await gateway.PatchAsync($"/api/v1/users/{bob.Id}/metadata", new { preferences = new { owned = true } }).ExpectProblemAsync(HttpStatusCode.NotFound);

        Assert.Equal("Test Customer", await graph.ScalarAsync<string>("SELECT name FROM users WHERE user_id = @id", ("id", bob.Id)));
        Assert.Equal("{}", await graph.ScalarAsync<string>("SELECT preferences::text FROM user_metadata WHERE user_id = @id", ("id", bob.Id)));
    }

    [Fact]
    public async Task Api1BrokenObjectLevelAuthorizationAnotherCustomersOrdersPaymentsDocumentsAndCartAreOutOfReach()
    {
        var product = await (await Catalog.AsAdminAsync(graph)).CreateProductAsync(price: 5m, stock: 10);
        var alice = graph.Gateway.As((await graph.Accounts.NewCustomerAsync()).Token);
        var mallory = graph.Gateway.As((await graph.Accounts.NewCustomerAsync()).Token);
        var order = await alice.PostAsync("/api/v1/orders", OrderRequests.For(product, 1), Guid.NewGuid().ToString("N"))
            .ExpectAsync(HttpStatusCode.Created);
        await alice.PutAsync($"/api/v1/carts/items/{product}", new { quantity = 2 }).ExpectAsync(HttpStatusCode.OK);

        await mallory.GetAsync($"/api/v1/orders/{order.Id()}").ExpectProblemAsync(HttpStatusCode.NotFound);
        await mallory.PostAsync($"/api/v1/orders/{order.Id()}/cancel").ExpectProblemAsync(HttpStatusCode.NotFound);
        await mallory.PostAsync("/api/v1/payments", new { order_id = order.Id(), amount = 5m, method = new { type = "card", card_number = "4000000000000002" } },
            Guid.NewGuid().ToString("N")).ExpectProblemAsync(HttpStatusCode.NotFound);
        Assert.Equal(0, (await mallory.GetAsync($"/api/v1/payments?order_id={order.Id()}").ExpectAsync(HttpStatusCode.OK)).GetArrayLength());
        await mallory.DeleteAsync($"/api/v1/carts/items/{product}").ExpectProblemAsync(HttpStatusCode.NotFound);

        var payment = await alice.PostAsync("/api/v1/payments", new { order_id = order.Id(), amount = 5m, method = new { type = "card", card_number = "4242424242424242" } },
            Guid.NewGuid().ToString("N")).ExpectAsync(HttpStatusCode.Created);
        await mallory.GetAsync($"/api/v1/payments/{payment.Id()}").ExpectProblemAsync(HttpStatusCode.NotFound);
        // Paid: the invoice and receipt exist, and only their owner is told where.
        await Poll.Eventually(async () => (await alice.GetAsync($"/api/v1/orders/{order.Id()}/documents").ExpectAsync(HttpStatusCode.OK))
            .GetProperty("items").GetArrayLength(), count => count == 2, TimeSpan.FromSeconds(30));
        await mallory.GetAsync($"/api/v1/orders/{order.Id()}/documents").ExpectProblemAsync(HttpStatusCode.NotFound);

        Assert.Equal("confirmed", (await alice.GetAsync($"/api/v1/orders/{order.Id()}").ExpectAsync(HttpStatusCode.OK)).Text("status"));
        Assert.Single((await alice.GetAsync($"/api/v1/payments?order_id={order.Id()}").ExpectAsync(HttpStatusCode.OK)).EnumerateArray());
        Assert.Equal(2, (await alice.GetAsync("/api/v1/carts").ExpectAsync(HttpStatusCode.OK)).GetProperty("item_count").GetInt32());
    }

    [Fact]
    public async Task Api3MassAssignmentInOrdersAndPaymentsIsRefused()
    {
        var product = await (await Catalog.AsAdminAsync(graph)).CreateProductAsync(price: 5m, stock: 10);
        var customer = graph.Gateway.As((await graph.Accounts.NewCustomerAsync()).Token);
        var other = await graph.Accounts.NewCustomerAsync();
        var line = new { product_id = product, quantity = 1 };

        foreach (var body in new object[]
        {
            new { items = new[] { line }, shipping_address = OrderRequests.Address, user_id = other.Id },
            new { items = new[] { line }, shipping_address = OrderRequests.Address, status = "confirmed" },
            new { items = new[] { line }, shipping_address = OrderRequests.Address, total_amount = 0.01m },
            new { items = new[] { new { product_id = product, quantity = 1, unit_price = 0.01m } }, shipping_address = OrderRequests.Address },
        })
        {
            await customer.PostAsync("/api/v1/orders", body, Guid.NewGuid().ToString("N")).ExpectProblemAsync(HttpStatusCode.BadRequest);
        }
        Assert.Equal(0, (await customer.GetAsync("/api/v1/orders").ExpectAsync(HttpStatusCode.OK)).GetProperty("items").GetArrayLength());

        var order = await customer.PostAsync("/api/v1/orders", new { items = new[] { line }, shipping_address = OrderRequests.Address }, Guid.NewGuid().ToString("N")).ExpectAsync(HttpStatusCode.Created);
        await customer.PostAsync("/api/v1/payments", new { order_id = order.Id(), amount = 5m, status = "success", method = new { type = "card", card_number = "4000000000000002" } },
            Guid.NewGuid().ToString("N")).ExpectProblemAsync(HttpStatusCode.BadRequest);
        Assert.Equal(0, (await customer.GetAsync($"/api/v1/payments?order_id={order.Id()}").ExpectAsync(HttpStatusCode.OK)).GetArrayLength());
        Assert.Equal("pending", (await customer.GetAsync($"/api/v1/orders/{order.Id()}").ExpectAsync(HttpStatusCode.OK)).Text("status"));
    }

    [Fact]
    public async Task Api4NegativeZeroAndOverflowingOrderQuantitiesAreRefused()
    {
        var catalog = await Catalog.AsAdminAsync(graph);
        var product = await catalog.CreateProductAsync(stock: 10);
        var customer = graph.Gateway.As((await graph.Accounts.NewCustomerAsync()).Token);

        foreach (var quantity in new[] { "-1", "0", "101", "2147483648", "1e400", "\"1\"" })
        {
            var body = $$"""{"items":[{"product_id":"{{product}}","quantity":{{quantity}}}],"shipping_address":{{OrderRequests.AddressJson}}}""";
            await customer.SendAsync(HttpMethod.Post, "/api/v1/orders", new StringContent(body, Encoding.UTF8, "application/json"),
                ("Idempotency-Key", Guid.NewGuid().ToString("N"))).ExpectProblemAsync(HttpStatusCode.BadRequest);
        }
        var lines = string.Join(",", Enumerable.Range(0, 101).Select(_ => $$"""{"product_id":"{{Guid.NewGuid()}}","quantity":1}"""));
        await customer.SendAsync(HttpMethod.Post, "/api/v1/orders", new StringContent($$"""{"items":[{{lines}}],"shipping_address":{{OrderRequests.AddressJson}}}""", Encoding.UTF8, "application/json"),
            ("Idempotency-Key", Guid.NewGuid().ToString("N"))).ExpectProblemAsync(HttpStatusCode.BadRequest);
        await customer.PutAsync($"/api/v1/carts/items/{product}", new { quantity = -5 }).ExpectProblemAsync(HttpStatusCode.BadRequest);

        Assert.Equal(10, await catalog.StockOfAsync(product));
        Assert.Equal(0, (await customer.GetAsync("/api/v1/orders").ExpectAsync(HttpStatusCode.OK)).GetProperty("items").GetArrayLength());
    }

    [Fact]
    public async Task Api1BrokenObjectLevelAuthorizationACustomerCannotTouchAProductsImages()
    {
        var catalog = await Catalog.AsAdminAsync(graph);
        var product = await catalog.CreateProductAsync();
        var customer = await graph.Accounts.NewCustomerAsync();
        var form = new MultipartFormDataContent { { new ByteArrayContent([0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A, 0, 0, 0, 0]), "file", "x.png" } };

        await graph.Gateway.As(customer.Token).SendAsync(HttpMethod.Post, $"/api/v1/products/{product}/images", form).ExpectProblemAsync(HttpStatusCode.Forbidden);
        await graph.Gateway.As(customer.Token).DeleteAsync($"/api/v1/products/{product}/images/main.png").ExpectProblemAsync(HttpStatusCode.Forbidden);

        Assert.Equal(0, (await graph.Gateway.GetAsync($"/api/v1/products/{product}/images").ExpectAsync(HttpStatusCode.OK)).GetArrayLength());
    }

    [Fact]
    public async Task Api2BrokenAuthenticationEveryBadTokenIsRefusedAndChangesNothing()
    {
        var customer = await graph.Accounts.NewCustomerAsync();
        var session = TestTokens.SessionOf(customer.Token);
        var loggedOut = await graph.Accounts.LoginAsync(customer.Email, customer.Password);
        await graph.Gateway.As(loggedOut).PostAsync("/api/v1/auth/logout").ExpectAsync(HttpStatusCode.NoContent);
        var tokens = new Dictionary<string, string>
        {
            ["alg none"] = TestTokens.Unsigned(customer.Id, session, "admin"),
            ["bad signature"] = customer.Token[..^4] + (customer.Token[^4..] == "AAAA" ? "BBBB" : "AAAA"),
            ["wrong issuer"] = graph.Tokens.Create(customer.Id, session, issuerOverride: "evil"),
            ["wrong audience"] = graph.Tokens.Create(customer.Id, session, audienceOverride: "other-api"),
            ["expired"] = graph.Tokens.Create(customer.Id, session, expires: DateTime.UtcNow.AddMinutes(-5)),
            ["logged-out session"] = loggedOut,
        };

        foreach (var (why, token) in tokens)
        {
            using var patch = await graph.Gateway.As(token).PatchAsync("/api/v1/users/me", new { name = "Changed" });
            Assert.True(patch.StatusCode == HttpStatusCode.Unauthorized, $"{why}: {(int)patch.StatusCode}");
            // Even where anonymous callers are welcome, a bad token is refused rather than ignored.
            using var read = await graph.Gateway.As(token).GetAsync("/api/v1/categories");
            Assert.True(read.StatusCode == HttpStatusCode.Unauthorized, $"{why} on a public route: {(int)read.StatusCode}");
        }
        Assert.Equal("Test Customer", await graph.ScalarAsync<string>("SELECT name FROM users WHERE user_id = @id", ("id", customer.Id)));
    }

    [Fact]
    public async Task Api2TheGatewaysWordOnASessionIsTakenOnlyFromTheGatewayFreshAndForThatSession()
    {
        var customer = await graph.Accounts.NewCustomerAsync();
        var loggedOut = await graph.Accounts.LoginAsync(customer.Email, customer.Password);
        var session = TestTokens.SessionOf(loggedOut);
        await graph.Gateway.As(loggedOut).PostAsync("/api/v1/auth/logout").ExpectAsync(HttpStatusCode.NoContent);
        (string, string) Attested(string sessionId, DateTimeOffset? at = null) => (SessionAttestation.Header, graph.Tokens.Attestation(sessionId, at));

        // Genuine and fresh, but sent by a client: the gateway never takes it, and reads the session itself.
        await graph.Gateway.As(loggedOut).SendAsync(HttpMethod.Get, "/api/v1/orders", null, Attested(session)).ExpectProblemAsync(HttpStatusCode.Unauthorized);
        // Straight to a service, a stale one or one for another session is not taken: the session is read, and has ended.
        await graph.Orders.As(loggedOut).SendAsync(HttpMethod.Get, "/api/v1/orders", null, Attested(session, DateTimeOffset.UtcNow - 2 * SessionAttestation.Validity))
            .ExpectProblemAsync(HttpStatusCode.Unauthorized);
        await graph.Orders.As(loggedOut).SendAsync(HttpMethod.Get, "/api/v1/orders", null, Attested("another-session")).ExpectProblemAsync(HttpStatusCode.Unauthorized);
        await graph.Orders.As(loggedOut).GetAsync("/api/v1/orders").ExpectProblemAsync(HttpStatusCode.Unauthorized);
        // A fresh one made with the signing key is the gateway's word, and spares the service the read: the trust it buys.
        await graph.Orders.As(loggedOut).SendAsync(HttpMethod.Get, "/api/v1/orders", null, Attested(session)).ExpectAsync(HttpStatusCode.OK);
    }

    [Fact]
    public async Task Api3MassAssignmentOfRolesPricesAndOtherUsersIsRefused()
    {
        var email = $"mass.{Guid.NewGuid():N}@example.com";
        await graph.Gateway.PostAsync("/api/v1/users", new { email, name = "Mass", password = Accounts.Password, role = "admin" })
            .ExpectProblemAsync(HttpStatusCode.BadRequest);
        Assert.Equal(0L, await graph.ScalarAsync<long>("SELECT count(*) FROM users WHERE email = @email", ("email", email)));

        var customer = await graph.Accounts.NewCustomerAsync();
        var other = await graph.Accounts.NewCustomerAsync();
        await graph.Gateway.As(customer.Token).PatchAsync("/api/v1/users/me", new { name = "Me", role = "admin" }).ExpectProblemAsync(HttpStatusCode.BadRequest);
        await graph.Gateway.As(customer.Token).PatchAsync("/api/v1/users/me/metadata", new { user_id = other.Id, preferences = new { } })
            .ExpectProblemAsync(HttpStatusCode.BadRequest);
        await graph.Gateway.As(customer.Token).PatchAsync("/api/v1/users/me/metadata", new { verification_status = "verified" })
            .ExpectProblemAsync(HttpStatusCode.Forbidden);
        Assert.Equal("customer", await graph.ScalarAsync<string>("SELECT role FROM users WHERE user_id = @id", ("id", customer.Id)));
        Assert.Equal("unverified", await graph.ScalarAsync<string>("SELECT verification_status FROM user_metadata WHERE user_id = @id", ("id", customer.Id)));

        var catalog = await Catalog.AsAdminAsync(graph);
        var product = await catalog.CreateProductAsync(price: 10m, stock: 3);
        var admin = graph.Gateway.As(await graph.Accounts.AdminTokenAsync());
        await admin.PutAsync($"/api/v1/products/{product}", new { sku = Catalog.NewSku(), name = "X", price = 10m, stock_level = 1000 })
            .ExpectProblemAsync(HttpStatusCode.BadRequest);
        await graph.Gateway.As(customer.Token).PutAsync($"/api/v1/products/{product}", new { sku = Catalog.NewSku(), name = "X", price = 0.01m })
            .ExpectProblemAsync(HttpStatusCode.Forbidden);
        var stored = await graph.Gateway.GetAsync($"/api/v1/products/{product}").ExpectAsync(HttpStatusCode.OK);
        Assert.Equal(10m, stored.GetProperty("price").GetDecimal());
        Assert.Equal(3, stored.GetProperty("stock_level").GetInt32());
    }

    [Fact]
    public async Task Api4UnrestrictedResourceConsumptionIsBoundedEverywhere()
    {
        var admin = graph.Gateway.As(await graph.Accounts.AdminTokenAsync());
        var sku = Catalog.NewSku();

        // Bodies over the gateway's limit never reach a service.
        var huge = $$"""{"sku":"{{sku}}","name":"Big","price":1,"stock_level":1,"description":"{{new string('x', 2 * 1024 * 1024)}}"}""";
        // As a careful client sends a large body: the gateway refuses it on its Content-Length, and without waiting for
        // "100 Continue" the client would still be writing when the connection closes (a broken pipe, not an answer).
        await admin.SendAsync(HttpMethod.Post, "/api/v1/products", new StringContent(huge, Encoding.UTF8, "application/json"), ("Expect", "100-continue"))
            .ExpectProblemAsync(HttpStatusCode.RequestEntityTooLarge);
        await graph.Gateway.GetAsync("/api/v1/products?page_size=100000").ExpectProblemAsync(HttpStatusCode.BadRequest);
        var nested = $$"""{"sku":"{{sku}}","name":"Deep","price":1,"stock_level":1,"description":null,"category_id":{{new string('[', 500)}}{{new string(']', 500)}}}""";
        await admin.SendAsync(HttpMethod.Post, "/api/v1/products", new StringContent(nested, Encoding.UTF8, "application/json"))
            .ExpectProblemAsync(HttpStatusCode.BadRequest);
        foreach (var stock in new[] { "-1", "2147483648", "1e400" })
        {
            var body = $$"""{"sku":"{{sku}}","name":"Odd stock","price":1,"stock_level":{{stock}}}""";
            await admin.SendAsync(HttpMethod.Post, "/api/v1/products", new StringContent(body, Encoding.UTF8, "application/json"))
                .ExpectProblemAsync(HttpStatusCode.BadRequest);
        }
        var product = await (await Catalog.AsAdminAsync(graph)).CreateProductAsync(stock: 5);
        await admin.PostAsync($"/api/v1/products/{product}/stock-adjustments", new { delta = int.MaxValue }).ExpectProblemAsync(HttpStatusCode.Conflict);

        Assert.Equal(0L, await graph.ScalarAsync<long>("SELECT count(*) FROM products WHERE sku = @sku", ("sku", sku)));
        Assert.Equal(5, (await graph.Gateway.GetAsync($"/api/v1/products/{product}").ExpectAsync(HttpStatusCode.OK)).GetProperty("stock_level").GetInt32());
    }

    [Fact]
    public async Task Api5BrokenFunctionLevelAuthorizationAdminFunctionsRefuseCustomers()
    {
        var customer = graph.Gateway.As((await graph.Accounts.NewCustomerAsync()).Token);
        var sku = Catalog.NewSku();

        await customer.PostAsync("/api/v1/products", new { sku, name = "Mine", price = 1m, stock_level = 1 }).ExpectProblemAsync(HttpStatusCode.Forbidden);
        await customer.PostAsync("/api/v1/products/batch", new { products = new[] { new { sku, name = "Mine", price = 1m, stock_level = 1 } } })
            .ExpectProblemAsync(HttpStatusCode.Forbidden);
        await customer.PostAsync("/api/v1/categories", new { name = $"Mine {sku}" }).ExpectProblemAsync(HttpStatusCode.Forbidden);
        await graph.Gateway.PostAsync("/api/v1/categories", new { name = $"Anonymous {sku}" }).ExpectProblemAsync(HttpStatusCode.Unauthorized);

        Assert.Equal(0L, await graph.ScalarAsync<long>("SELECT count(*) FROM products WHERE sku = @sku", ("sku", sku)));
        Assert.Equal(0L, await graph.ScalarAsync<long>("SELECT count(*) FROM product_categories WHERE name LIKE @name", ("name", $"% {sku}")));
    }

    [Fact]
    public async Task Api8And9InternalEndpointsAreUnreachableAndErrorsLeakNothing()
    {
        var catalog = await Catalog.AsAdminAsync(graph);
        var product = await catalog.CreateProductAsync(stock: 5);
        var order = Guid.NewGuid();
        var customer = await graph.Accounts.NewCustomerAsync();
        var reserve = $$"""{"order_id":"{{order}}","items":[{"product_id":"{{product}}","quantity":5}]}""";

        foreach (var path in new[]
        {
            "/internal/stock/reservations", "/internal/users/" + customer.Id, "/api/v1/products/../../internal/stock/reservations",
            "/api/v1/products/%2e%2e/%2e%2e/internal/stock/reservations", "/Internal/stock/reservations", "/api/v1/products/..%2F..%2Finternal%2Fstock%2Freservations",
        })
        {
            using var response = await graph.Gateway.SendAsync(HttpMethod.Post, path, new StringContent(reserve, Encoding.UTF8, "application/json"));
            Assert.True(response.StatusCode is HttpStatusCode.NotFound or HttpStatusCode.Unauthorized or HttpStatusCode.MethodNotAllowed or HttpStatusCode.BadRequest,
                $"{path}: {(int)response.StatusCode}");
            using var get = await graph.Gateway.GetAsync(path.Replace("/stock/reservations", "/stock/reservations/" + order));
            Assert.NotEqual(HttpStatusCode.OK, get.StatusCode);
        }
        Assert.Equal(5, await catalog.StockOfAsync(product));
        await graph.ProductsAsOrders.GetAsync($"/internal/stock/reservations/{order}").ExpectProblemAsync(HttpStatusCode.NotFound);

        foreach (var body in new[] { "{", "[[[[", "{\"email\":1}", "{\"email\":\"a@b.c\",\"password\":{\"$gt\":\"\"}}" })
        {
            using var response = await graph.Gateway.PostRawAsync("/api/v1/auth/login", body);
            var text = await response.Content.ReadAsStringAsync();
            Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
            foreach (var leak in new[] { "ECommerce.", "System.", "Microsoft.", "   at ", "127.0.0.1", "Exception", "Npgsql" })
            {
                Assert.DoesNotContain(leak, text);
            }
        }
    }
}
