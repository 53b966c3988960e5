using System.Globalization;
using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using Amazon.DynamoDBv2;
using Amazon.DynamoDBv2.Model;
using Aspire.Hosting;
using Aspire.Hosting.ApplicationModel;
using Aspire.Hosting.Testing;
using ECommerce.AppHost.Resources.DynamoDb;
using ECommerce.ServiceDefaults;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Npgsql;

// It runs the AppHost, which runs resources as Linux processes.
[assembly: System.Runtime.Versioning.SupportedOSPlatform("linux")]

namespace ECommerce.Benchmarks.Orders;

/// <summary>
/// Order placement and place-and-pay through the gateway at saturation (closed loop), beside the storage floor measured
/// directly in the same run: DynamoDB Local's rate for the order's write pattern (a two-item transaction) and
/// PostgreSQL's for the stock reservation's statements. Ends by checking the books: stock, confirmations, payments.
/// </summary>
public static class OrdersBenchmark
{
    private const int Products = 16;
    private const int InitialStock = 1_000_000;
    private const string Card = "4242424242424242";
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web) { PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower };
    private static readonly object Address = new { name = "Bench Mark", line1 = "1 Load Street", city = "Leeds", postal_code = "LS1 1AA", country = "GB" };

    public static async Task<int> RunAsync(TimeSpan duration, int clients)
    {
        var data = Directory.CreateTempSubdirectory("ecommerce-bench-orders-");
        // The postgres user (the AppHost runs PostgreSQL as it under root) must enter the folder.
        data.UnixFileMode |= UnixFileMode.GroupExecute | UnixFileMode.OtherExecute;
        var builder = await DistributedApplicationTestingBuilder.CreateAsync<Projects.ECommerce_AppHost>(
            [$"--AppHost:DataDirectory={data.FullName}"], (options, _) => options.DisableDashboard = true);
        // Resources report unhealthy while they start: expected, and not worth a screen of stack traces.
        builder.Services.AddLogging(logging => logging.AddFilter("ECommerce.AppHost", LogLevel.Warning).AddFilter("Aspire.Hosting", LogLevel.Warning)
            .AddFilter("Microsoft.Extensions.Diagnostics.HealthChecks", LogLevel.None));
        // Many users from one address, far beyond a person's pace: the limits would measure themselves otherwise.
        builder.CreateResourceBuilder<ProjectResource>(ResourceNames.Gateway)
            .WithEnvironment("RateLimits__PerClient__TokenLimit", "1000000").WithEnvironment("RateLimits__PerClient__TokensPerPeriod", "1000000")
            .WithEnvironment("RateLimits__SignIn__TokenLimit", "100000").WithEnvironment("RateLimits__SignIn__TokensPerPeriod", "100000")
            .WithEnvironment("RateLimits__Registration__TokenLimit", "100000").WithEnvironment("RateLimits__Registration__TokensPerPeriod", "100000");

        await using var app = await builder.BuildAsync();
        try
        {
            Console.WriteLine("Starting the graph (about a minute)…");
            using (var limit = new CancellationTokenSource(TimeSpan.FromMinutes(5)))
            {
                await app.StartAsync(limit.Token);
                await Task.WhenAll(app.Services.GetRequiredService<DistributedApplicationModel>().Resources
                    .Where(r => r is ProjectResource)
                    .Select(r => app.ResourceNotifications.WaitForResourceHealthyAsync(r.Name, limit.Token)));
            }
            using var http = new HttpClient { BaseAddress = app.GetEndpoint(ResourceNames.Gateway, "http"), Timeout = TimeSpan.FromSeconds(30) };
            var admin = await SignInAsync(http, await ParameterAsync(app, "admin-email"), await ParameterAsync(app, "admin-password"));
            var products = new List<Guid>();
            for (var i = 0; i < Products; i++)
            {
                products.Add(await CreateProductAsync(http, admin, i));
            }
            var users = new List<string>();
            for (var i = 0; i < clients * 2; i++)
            {
                users.Add(await NewCustomerAsync(http));
            }
            Console.WriteLine($"{Products} products, {users.Count} customers, {clients} concurrent clients, {duration.TotalSeconds:0} s per measurement, on {Environment.ProcessorCount} cores\n");

            var accepted = new Dictionary<Guid, int>();
            // The orders of the measurement running now, with when their 201 came: the event path is timed from it.
            var placedAt = new System.Collections.Concurrent.ConcurrentDictionary<Guid, DateTimeOffset>();
            var paid = new List<Guid>();
            async Task<Guid?> PlaceAsync(int client)
            {
                var product = products[Random.Shared.Next(products.Count)];
                using var request = new HttpRequestMessage(HttpMethod.Post, "/api/v1/orders")
                {
                    Content = JsonContent.Create(new { items = new[] { new { product_id = product, quantity = 1 } }, shipping_address = Address }, options: Json),
                };
                request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", users[client]);
                request.Headers.Add("Idempotency-Key", Guid.NewGuid().ToString("N"));
                using var response = await http.SendAsync(request);
                if (response.StatusCode != HttpStatusCode.Created)
                {
                    return null;
                }
                var order = (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetGuid();
                placedAt[order] = DateTimeOffset.UtcNow;
                lock (accepted)
                {
                    accepted[product] = accepted.GetValueOrDefault(product) + 1;
                }
                return order;
            }
            async Task<bool> PayAsync(int client, Guid order)
            {
                using var request = new HttpRequestMessage(HttpMethod.Post, "/api/v1/payments")
                {
                    Content = JsonContent.Create(new { order_id = order, amount = 9.99m, method = new { type = "card", card_number = Card } }, options: Json),
                };
                request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", users[client]);
                request.Headers.Add("Idempotency-Key", Guid.NewGuid().ToString("N"));
                using var response = await http.SendAsync(request);
                if (response.StatusCode == HttpStatusCode.Created)
                {
                    lock (paid)
                    {
                        paid.Add(order);
                    }
                }
                return response.StatusCode == HttpStatusCode.Created;
            }

            // Warm-up, not counted: JIT, connection pools, DynamoDB Local's JVM, the documents' fonts — on both paths.
            await Load.ClosedLoopAsync("warm-up", clients, TimeSpan.FromSeconds(5), async c => await PlaceAsync(c) is { } order && await PayAsync(c, order));
            await Load.ClosedLoopAsync("warm-up", clients, TimeSpan.FromSeconds(5), async c => await PlaceAsync(c) is not null);
            var dynamodb = app.Services.GetRequiredService<DistributedApplicationModel>().Resources.OfType<DynamoDbLocalResource>().Single().CreateClient();
            var database = (await app.GetConnectionStringAsync(ResourceNames.Database))!;

            using var ordersManagement = new HttpClient { BaseAddress = app.GetEndpoint(ResourceNames.Orders, "management"), Timeout = TimeSpan.FromSeconds(5) };
            var eventPath = new EventPath(ordersManagement);
            await eventPath.WaitForDrainedOutboxAsync(TimeSpan.FromMinutes(2));
            var cost = new GraphCost(app, app.Services.GetRequiredService<DistributedApplicationModel>());
            var idleStart = await cost.SnapshotAsync();
            await Task.Delay(TimeSpan.FromSeconds(5));
            var idleEnd = await cost.SnapshotAsync();

            using var sampling = new CancellationTokenSource();
            var backlog = eventPath.SampleBacklogAsync(sampling.Token);
            placedAt.Clear();
            var beforePlacement = await cost.SnapshotAsync();
            var placement = await Load.ClosedLoopAsync("order placement (gateway)", clients, duration, async c => await PlaceAsync(c) is not null);
            // The cost of an order includes what it sets going behind the 201: the relay, the functions, the consumers.
            var drained = await eventPath.WaitForDrainedOutboxAsync(TimeSpan.FromMinutes(3));
            var orderCost = GraphCost.Report("order placed", placement.Succeeded, beforePlacement, await cost.SnapshotAsync(), idleStart, idleEnd)
                + (drained ? "" : "  (the outbox had not drained after 3 minutes: the asynchronous part is undercounted)\n");
            var atSaturation = new Dictionary<Guid, DateTimeOffset>(placedAt);
            placedAt.Clear();
            // Half the saturation throughput, on a schedule: what a customer waits while the system has headroom.
            var openRate = Math.Max(1, placement.PerSecond / 2);
            var next = 0;
            var open = await Load.OpenModelAsync($"placement at {openRate:0.0}/s (open model)", openRate, duration, limit: 256,
                async () => await PlaceAsync(Interlocked.Increment(ref next) % users.Count) is not null);
            var atHalf = new Dictionary<Guid, DateTimeOffset>(placedAt);
            await sampling.CancelAsync();
            await backlog;
            await eventPath.WaitForDrainedOutboxAsync(TimeSpan.FromMinutes(3));
            var beforePayment = await cost.SnapshotAsync();
            var placeAndPay = await Load.ClosedLoopAsync("place and pay (gateway)", clients, duration, async c => await PlaceAsync(c) is { } order && await PayAsync(c, order));
            drained = await eventPath.WaitForDrainedOutboxAsync(TimeSpan.FromMinutes(3));
            var paymentCost = GraphCost.Report("order placed and paid", placeAndPay.Succeeded, beforePayment, await cost.SnapshotAsync(), idleStart, idleEnd)
                + (drained ? "" : "  (the outbox had not drained after 3 minutes: the asynchronous part is undercounted)\n");
            var results = new List<LoadResult>
            {
                placement,
                open,
                placeAndPay,
                await Load.ClosedLoopAsync("DynamoDB: two-item transaction", clients, duration, _ => OrderWriteAsync(dynamodb)),
                await Load.ClosedLoopAsync("PostgreSQL: stock reservation", clients, duration, _ => ReservationAsync(database, products)),
            };
            Console.WriteLine();
            foreach (var result in results)
            {
                Console.WriteLine(result);
            }
            var (pay, dynamoFloor, postgresFloor) = (results[2], results[3], results[4]);
            Console.WriteLine($"\nplacement / DynamoDB floor: {placement.PerSecond / dynamoFloor.PerSecond:0.00}   place-and-pay / DynamoDB floor: {pay.PerSecond / dynamoFloor.PerSecond:0.00}");
            Console.WriteLine($"placement / PostgreSQL floor: {placement.PerSecond / postgresFloor.PerSecond:0.00}");

            Console.WriteLine();
            Console.WriteLine(orderCost);
            Console.WriteLine(paymentCost);
            Console.WriteLine(eventPath.BacklogSeries);
            var kafka = (await app.GetConnectionStringAsync(ResourceNames.Kafka))!;
            await EventPath.ReportAsync("at saturation", atSaturation, kafka, dynamodb, TimeSpan.FromMinutes(2));
            await EventPath.ReportAsync($"at {openRate:0.0}/s", atHalf, kafka, dynamodb, TimeSpan.FromMinutes(2));

            return await CheckBooksAsync(http, admin, products, accepted, paid, users) ? 0 : 1;
        }
        finally
        {
            await app.StopAsync();
            try
            {
                data.Delete(recursive: true);
            }
            catch (IOException)
            {
                // PostgreSQL's files may still be closing; the temporary folder is left for the system to clean.
            }
        }
    }

    /// <summary>The order's write pattern issued directly: the order and one outbox record in one transaction (kept out of the relay's and the deadline's way).</summary>
    private static async Task<bool> OrderWriteAsync(IAmazonDynamoDB dynamodb)
    {
        var id = Guid.CreateVersion7().ToString();
        var now = DateTimeOffset.UtcNow.ToString("O", CultureInfo.InvariantCulture);
        await dynamodb.TransactWriteItemsAsync(new TransactWriteItemsRequest
        {
            TransactItems =
            [
                new() { Put = new Put { TableName = DynamoDbTables.Orders, ConditionExpression = "attribute_not_exists(id)", Item = new()
                {
                    ["id"] = new() { S = id }, ["user_id"] = new() { S = Guid.NewGuid().ToString() }, ["status"] = new() { S = "benchmark" },
                    ["total_amount"] = new() { N = "9.99" }, ["created_at"] = new() { S = now }, ["updated_at"] = new() { S = now },
                } } },
                new() { Put = new Put { TableName = DynamoDbTables.OrderOutbox, ConditionExpression = "attribute_not_exists(event_id)", Item = new()
                {
                    ["event_id"] = new() { S = Guid.CreateVersion7().ToString() }, ["order_id"] = new() { S = id }, ["kind"] = new() { S = "benchmark" },
                    ["created_at"] = new() { S = now }, ["payload"] = new() { S = new string('x', 400) },
                } } },
            ],
        });
        return true;
    }

    /// <summary>The stock reservation's statements issued directly: claim, lock the product, decrement, record the line.</summary>
    private static async Task<bool> ReservationAsync(string database, IReadOnlyList<Guid> products)
    {
        var order = Guid.CreateVersion7();
        var product = products[Random.Shared.Next(products.Count)];
        await using var connection = new NpgsqlConnection(database);
        await connection.OpenAsync();
        await using var transaction = await connection.BeginTransactionAsync();
        await using var command = new NpgsqlCommand("""
            INSERT INTO stock_reservations (order_id, status, created_at, updated_at) VALUES (@order, 'released', now(), now());
            SELECT stock_level FROM products WHERE product_id = @product FOR UPDATE;
            UPDATE products SET stock_level = stock_level - 1, updated_at = now() WHERE product_id = @product;
            INSERT INTO stock_reservation_items (order_id, product_id, quantity, unit_price) VALUES (@order, @product, 1, 9.99);
            UPDATE products SET stock_level = stock_level + 1 WHERE product_id = @product;
            """, connection, transaction);
        command.Parameters.AddWithValue("order", order);
        command.Parameters.AddWithValue("product", product);
        await command.ExecuteNonQueryAsync();
        await transaction.CommitAsync();
        return true;
    }

    /// <summary>Stock is the initial stock less every accepted order's unit; every paid order is confirmed; no payment lacks its order.</summary>
    private static async Task<bool> CheckBooksAsync(HttpClient http, string admin, IReadOnlyList<Guid> products, Dictionary<Guid, int> accepted,
        List<Guid> paid, IReadOnlyList<string> users)
    {
        var ok = true;
        foreach (var product in products)
        {
            var stock = (await GetAsync(http, admin, $"/api/v1/products/{product}")).GetProperty("stock_level").GetInt32();
            if (stock != InitialStock - accepted.GetValueOrDefault(product))
            {
                Console.WriteLine($"FAIL product {product}: stock {stock}, expected {InitialStock - accepted.GetValueOrDefault(product)}");
                ok = false;
            }
        }
        foreach (var order in paid)
        {
            var status = (await GetAsync(http, admin, $"/api/v1/orders/{order}")).GetProperty("status").GetString();
            if (status != "confirmed")
            {
                Console.WriteLine($"FAIL order {order} was paid but is {status}");
                ok = false;
            }
        }
        Console.WriteLine(ok
            ? $"\nbooks: stock of {products.Count} products = initial − {accepted.Values.Sum()} accepted units; {paid.Count} paid orders all confirmed"
            : "\nbooks: FAILED (above)");
        return ok;
    }

    private static async Task<JsonElement> GetAsync(HttpClient http, string token, string path)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, path);
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
        using var response = await http.SendAsync(request);
        response.EnsureSuccessStatusCode();
        return await response.Content.ReadFromJsonAsync<JsonElement>();
    }

    private static async Task<Guid> CreateProductAsync(HttpClient http, string admin, int index)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, "/api/v1/products")
        {
            Content = JsonContent.Create(new { sku = $"BENCH-{Guid.NewGuid():N}", name = $"Bench product {index}", price = 9.99m, stock_level = InitialStock }, options: Json),
        };
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", admin);
        using var response = await http.SendAsync(request);
        response.EnsureSuccessStatusCode();
        return (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetGuid();
    }

    private static async Task<string> NewCustomerAsync(HttpClient http)
    {
        var email = $"bench-{Guid.NewGuid():N}@example.com";
        const string password = "a long enough password";
        using var response = await http.PostAsJsonAsync("/api/v1/users", new { email, name = "Bench", password }, Json);
        response.EnsureSuccessStatusCode();
        return await SignInAsync(http, email, password);
    }

    private static async Task<string> SignInAsync(HttpClient http, string email, string password)
    {
        using var response = await http.PostAsJsonAsync("/api/v1/auth/login", new { email, password }, Json);
        response.EnsureSuccessStatusCode();
        return (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("access_token").GetString()!;
    }

    private static async Task<string> ParameterAsync(DistributedApplication app, string name) =>
        (await app.Services.GetRequiredService<DistributedApplicationModel>().Resources.OfType<ParameterResource>()
            .Single(p => p.Name == name).GetValueAsync(default))!;
}
