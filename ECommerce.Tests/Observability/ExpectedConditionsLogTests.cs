extern alias products;
extern alias users;
using System.Net;
using System.Text.Json;
using ECommerce.Clients.Postgres;
using ECommerce.ServiceDefaults;
using ECommerce.Tests.Harness;
using Microsoft.Extensions.Logging;
using Npgsql;
using CatalogDbContext = products::ECommerce.Products.Data.CatalogDbContext;
using CatalogLog = products::ECommerce.Products.Catalog.CatalogLog;
using RegisterUserRequest = users::ECommerce.Users.Accounts.RegisterUserRequest;
using UsersApi = users::ECommerce.Users.Accounts.UsersApi;
using UsersDbContext = users::ECommerce.Users.Data.UsersDbContext;

namespace ECommerce.Tests.Observability;

/// <summary>
/// Conditions the services expect and answer are not errors in their logs, nor in the database server's: a taken
/// email address, a database the services migrate for the first time, the catalog's conflicts and unstorable input.
/// What is read is each process's console as the dashboard shows it, by level and event id.
/// </summary>
[Collection(GraphCollection.Name)]
public sealed class ExpectedConditionsLogTests(GraphFixture graph)
{
    private static readonly TimeSpan LogTimeout = TimeSpan.FromSeconds(30);

    [Fact]
    public async Task ARegistrationWithATakenEmailIsAConflictThatLogsNoError()
    {
        var usersFrom = await graph.App.NextLogLineAsync(ResourceNames.Users);
        var postgresFrom = await graph.App.NextLogLineAsync(ResourceNames.Postgres);
        var email = $"taken.{Guid.NewGuid():N}@example.com";
        await graph.Gateway.PostAsync("/api/v1/users", new { email, name = "First", password = Accounts.Password }).ExpectAsync(HttpStatusCode.Created);
        await graph.Gateway.PostAsync("/api/v1/users", new { email = email.ToUpperInvariant(), name = "Second", password = Accounts.Password })
            .ExpectProblemAsync(HttpStatusCode.Conflict);

        // The refusal is logged (at Information) after anything the request logged before it: once it shows, the rest has.
        var lines = await graph.App.LogUntilAsync(ResourceNames.Users,
            lines => lines.Where(l => l.LineNumber >= usersFrom).ConsoleEntries().Any(IsRegistrationRefused), LogTimeout);
        var entries = lines.Where(l => l.LineNumber >= usersFrom).ConsoleEntries();
        Assert.Equal("info", entries.Single(IsRegistrationRefused).Level);
        var server = await PostgresLogBeforeAnErrorOfOurOwnAsync(postgresFrom);

        var errors = entries.Where(e => e.IsErrorOrWorse).Select(e => $"users: {e}")
            .Concat(server.Where(e => e.IsErrorOrWorse).Select(e => $"postgres: {e}")).ToList();
        Assert.True(errors.Count == 0, "errors logged for the conflict:\n" + string.Join('\n', errors));
    }

    [Theory]
    [InlineData(ResourceNames.Users)]
    [InlineData(ResourceNames.Products)]
    public async Task OnAFreshDatabaseTheServiceMigratesAndStartsWithoutLoggingAnError(string service)
    {
        // Start-up ends where the host says where it listens; the migrations run before that.
        var lines = await graph.App.LogUntilAsync(service, lines => lines.ConsoleEntries().Any(IsListening), LogTimeout);
        var startUp = lines.ConsoleEntries().TakeWhile(e => !IsListening(e)).ToList();

        // The test graph's database is created with it, so this start applied the service's migrations.
        Assert.Contains(startUp, e => e.Category == typeof(MigrationExtensions).FullName);
        Assert.True(!startUp.Any(e => e.IsErrorOrWorse), $"{service} logged errors while starting:\n" + string.Join('\n', startUp.Where(e => e.IsErrorOrWorse)));
    }

    [Fact]
    public async Task OnAFreshDatabaseThePostgresServerLogsNoErrorAboutTheMigrationHistory()
    {
        var server = await PostgresLogBeforeAnErrorOfOurOwnAsync(from: 0);

        string[] historyTables = [UsersDbContext.MigrationsHistoryTable, CatalogDbContext.MigrationsHistoryTable];
        var aboutHistory = server.Where(e => e.IsErrorOrWorse && historyTables.Any(e.Text.Contains)).ToList();
        Assert.True(aboutHistory.Count == 0, "PostgreSQL logged errors about the migration history:\n" + string.Join('\n', aboutHistory));
    }

    [Fact]
    public async Task ATakenSkuIsAConflictOnCreateAndOnUpdateThatLogsNoError()
    {
        var catalog = await AdminThroughGatewayAsync();
        var sku = Catalog.NewSku();
        await catalog.Admin.PostAsync("/api/v1/products", new { sku, name = "First", price = 1m, stock_level = 1 }).ExpectAsync(HttpStatusCode.Created);
        var other = await catalog.CreateProductAsync("Other");
        var from = await LogPositionsAsync();

        var created = await catalog.Admin.PostAsync("/api/v1/products", new { sku, name = "Second", price = 1m, stock_level = 1 })
            .ExpectProblemAsync(HttpStatusCode.Conflict);
        var updated = await catalog.Admin.PutAsync($"/api/v1/products/{other}", new { sku, name = "Other", price = 1m })
            .ExpectProblemAsync(HttpStatusCode.Conflict);

        Assert.All(new[] { created, updated }, problem => Assert.Equal("SKU already exists", problem.Text("title")));
        Assert.Equal(1L, await graph.ScalarAsync<long>("SELECT count(*) FROM products WHERE sku = @sku", ("sku", sku)));
        await AssertRefusedWithoutErrorsAsync(catalog, from, CatalogLog.SkuTaken, CatalogLog.SkuTaken);
    }

    [Fact]
    public async Task ATakenCategoryNameIsAConflictOnCreateAndOnRenameThatLogsNoError()
    {
        var catalog = await AdminThroughGatewayAsync();
        var root = $"Root {Guid.NewGuid():N}";
        var parent = await catalog.CreateCategoryAsync(root);
        await catalog.CreateCategoryAsync("Shoes", parent);
        var boots = await catalog.CreateCategoryAsync("Boots", parent);
        var from = await LogPositionsAsync();

        // Names are compared without case; a root's parent is none, which is a parent like any other.
        var child = await catalog.Admin.PostAsync("/api/v1/categories", new { name = "shoes", parent_id = parent })
            .ExpectProblemAsync(HttpStatusCode.Conflict);
        var topLevel = await catalog.Admin.PostAsync("/api/v1/categories", new { name = root.ToUpperInvariant() })
            .ExpectProblemAsync(HttpStatusCode.Conflict);
        var renamed = await catalog.Admin.PutAsync($"/api/v1/categories/{boots}", new { name = "SHOES", parent_id = parent })
            .ExpectProblemAsync(HttpStatusCode.Conflict);

        Assert.All(new[] { child, topLevel, renamed }, problem => Assert.Equal("Category exists", problem.Text("title")));
        Assert.Equal("Boots", await graph.ScalarAsync<string>("SELECT name FROM product_categories WHERE category_id = @id", ("id", boots)));
        await AssertRefusedWithoutErrorsAsync(catalog, from, CatalogLog.CategoryNameTaken, CatalogLog.CategoryNameTaken, CatalogLog.CategoryNameTaken);
    }

    [Fact]
    public async Task DeletingACategoryStillInUseIsAConflictThatLogsNoError()
    {
        var catalog = await AdminThroughGatewayAsync();
        var withProduct = await catalog.CreateCategoryAsync($"With product {Guid.NewGuid():N}");
        await catalog.CreateProductAsync(categoryId: withProduct);
        var withChild = await catalog.CreateCategoryAsync($"With child {Guid.NewGuid():N}");
        await catalog.CreateCategoryAsync("Child", withChild);
        var gettingProduct = await catalog.CreateCategoryAsync($"Getting a product {Guid.NewGuid():N}");
        var from = await LogPositionsAsync();

        var problems = new List<JsonElement>();
        foreach (var category in new[] { withProduct, withChild })
        {
            problems.Add(await catalog.Admin.DeleteAsync($"/api/v1/categories/{category}").ExpectProblemAsync(HttpStatusCode.Conflict));
        }
        // A product is being saved with the category as it is deleted: the deletion waits for it, then finds it.
        problems.Add(await WhileUncommittedAsync("""
            INSERT INTO products (product_id, sku, name, price, stock_level, category_id, created_at, updated_at)
            VALUES (gen_random_uuid(), 'RACE-' || gen_random_uuid(), 'Racing', 1, 1, @id, now(), now())
            """, gettingProduct, () => catalog.Admin.DeleteAsync($"/api/v1/categories/{gettingProduct}")).ExpectProblemAsync(HttpStatusCode.Conflict));

        Assert.All(problems, problem => Assert.Equal("Category in use", problem.Text("title")));
        Assert.Equal(3L, await graph.ScalarAsync<long>("SELECT count(*) FROM product_categories WHERE category_id IN (@a, @b, @c)",
            ("a", withProduct), ("b", withChild), ("c", gettingProduct)));
        await AssertRefusedWithoutErrorsAsync(catalog, from, CatalogLog.CategoryInUse, CatalogLog.CategoryInUse, CatalogLog.CategoryInUse);
    }

    [Fact]
    public async Task AStockAdjustmentBelowZeroOrBeyondTheRangeIsAConflictThatLogsNoError()
    {
        var catalog = await AdminThroughGatewayAsync();
        var product = await catalog.CreateProductAsync(stock: 3);
        var from = await LogPositionsAsync();

        foreach (var delta in new[] { -4, int.MaxValue })
        {
            var problem = await catalog.Admin.PostAsync($"/api/v1/products/{product}/stock-adjustments", new { delta })
                .ExpectProblemAsync(HttpStatusCode.Conflict);
            Assert.Equal("Stock out of range", problem.Text("title"));
        }

        Assert.Equal(3, await catalog.StockOfAsync(product));
        await AssertRefusedWithoutErrorsAsync(catalog, from, CatalogLog.StockOutOfRange, CatalogLog.StockOutOfRange);
    }

    [Fact]
    public async Task ACategoryDeletedWhileAProductIsSavedIsAConflictThatLogsNoError()
    {
        var catalog = await AdminThroughGatewayAsync();
        var product = await catalog.CreateProductAsync();
        var first = await catalog.CreateCategoryAsync($"Going {Guid.NewGuid():N}");
        var second = await catalog.CreateCategoryAsync($"Going too {Guid.NewGuid():N}");
        var from = await LogPositionsAsync();

        var created = await WhileUncommittedAsync(DeleteCategory, first, () =>
            catalog.Admin.PostAsync("/api/v1/products", new { sku = Catalog.NewSku(), name = "Late", price = 1m, stock_level = 1, category_id = first }))
            .ExpectProblemAsync(HttpStatusCode.Conflict);
        var updated = await WhileUncommittedAsync(DeleteCategory, second, () =>
            catalog.Admin.PutAsync($"/api/v1/products/{product}", new { sku = Catalog.NewSku(), name = "Late", price = 1m, category_id = second }))
            .ExpectProblemAsync(HttpStatusCode.Conflict);

        Assert.All(new[] { created, updated }, problem => Assert.Equal("Category removed", problem.Text("title")));
        Assert.Equal(0L, await graph.ScalarAsync<long>("SELECT count(*) FROM products WHERE category_id IN (@a, @b)", ("a", first), ("b", second)));
        await AssertRefusedWithoutErrorsAsync(catalog, from, CatalogLog.CategoryRemoved, CatalogLog.CategoryRemoved);
    }

    [Fact]
    public async Task ANulCharacterInCatalogTextIsRefusedBeforeItReachesTheDatabase()
    {
        var catalog = await AdminThroughGatewayAsync();
        var product = await catalog.CreateProductAsync();
        var sku = Catalog.NewSku();
        var from = await LogPositionsAsync();

        var refused = new[]
        {
            await catalog.Admin.PostAsync("/api/v1/products", new { sku, name = "Nul\0name", price = 1m, stock_level = 1 })
                .ExpectProblemAsync(HttpStatusCode.BadRequest),
            await catalog.Admin.PostAsync("/api/v1/products", new { sku, name = "Nul", description = "in\0the description", price = 1m, stock_level = 1 })
                .ExpectProblemAsync(HttpStatusCode.BadRequest),
            await catalog.Admin.PutAsync($"/api/v1/products/{product}", new { sku, name = "Nul\0name", price = 1m })
                .ExpectProblemAsync(HttpStatusCode.BadRequest),
            await catalog.Admin.PostAsync("/api/v1/products/batch", new { products = new[] { new { sku, name = "Nul\0name", price = 1m, stock_level = 1 } } })
                .ExpectProblemAsync(HttpStatusCode.BadRequest),
            await catalog.Admin.PostAsync("/api/v1/categories", new { name = $"Nul\0{sku}" }).ExpectProblemAsync(HttpStatusCode.BadRequest),
        };

        Assert.Equal(0L, await graph.ScalarAsync<long>("SELECT count(*) FROM products WHERE sku = @sku", ("sku", sku)));
        Assert.Equal(0L, await graph.ScalarAsync<long>("SELECT count(*) FROM product_categories WHERE name LIKE @name", ("name", $"%{sku}")));
        await AssertRefusedWithoutErrorsAsync(catalog, from);
        // The validator answered, naming the field, as it does for any other value the client can correct.
        Assert.All(refused, problem => Assert.True(problem.TryGetProperty("errors", out var errors)
            && errors.EnumerateObject().Any(e => e.Name is "name" or "description" or "products[0].name"), problem.ToString()));
    }

    private const string DeleteCategory = "DELETE FROM product_categories WHERE category_id = @id";

    private async Task<Catalog> AdminThroughGatewayAsync() => new(graph.Gateway.As(await graph.Accounts.AdminTokenAsync()));

    private async Task<(int Products, int Postgres)> LogPositionsAsync() =>
        (await graph.App.NextLogLineAsync(ResourceNames.Products), await graph.App.NextLogLineAsync(ResourceNames.Postgres));

    /// <summary>
    /// Sends a request while a transaction of the test's own has run <paramref name="sql"/> and not yet committed:
    /// the request waits on a row that transaction holds, and the transaction commits once it does.
    /// </summary>
    private async Task<HttpResponseMessage> WhileUncommittedAsync(string sql, Guid id, Func<Task<HttpResponseMessage>> request)
    {
        await using var connection = new NpgsqlConnection(graph.DatabaseConnectionString);
        await connection.OpenAsync();
        await using var transaction = await connection.BeginTransactionAsync();
        await using (var command = new NpgsqlCommand(sql, connection, transaction))
        {
            command.Parameters.AddWithValue("id", id);
            Assert.Equal(1, await command.ExecuteNonQueryAsync());
        }
        var answer = request();
        // Quickly: the gateway gives up on an upstream after a few seconds.
        var waiting = await Poll.Eventually(() => graph.ScalarAsync<long>(
            "SELECT count(*) FROM pg_stat_activity WHERE @holder = ANY(pg_blocking_pids(pid))", ("holder", connection.ProcessID)),
            count => count > 0 || answer.IsCompleted, TimeSpan.FromSeconds(2));
        Assert.True(waiting > 0, "the request did not wait for the test's transaction");
        await transaction.CommitAsync();
        return await answer;
    }

    /// <summary>
    /// Reads the products service's log from <paramref name="from"/> up to a stock adjustment of the test's own (logged
    /// at Information, after whatever the requests before it logged) and the server's up to an error of the test's own;
    /// asserts the refusals were logged at Information, in order, and that nothing was logged as an error.
    /// </summary>
    private async Task AssertRefusedWithoutErrorsAsync(Catalog catalog, (int Products, int Postgres) from, params EventId[] refusals)
    {
        var marker = await catalog.CreateProductAsync("Log marker");
        await catalog.Admin.PostAsync($"/api/v1/products/{marker}/stock-adjustments", new { delta = 1 }).ExpectAsync(HttpStatusCode.OK);
        bool IsMarker(ConsoleLogEntry entry) => IsCatalogEvent(entry, CatalogLog.StockAdjusted) && entry.Text.Contains(marker.ToString());
        var lines = await graph.App.LogUntilAsync(ResourceNames.Products,
            lines => lines.Where(l => l.LineNumber >= from.Products).ConsoleEntries().Any(IsMarker), LogTimeout);
        var entries = lines.Where(l => l.LineNumber >= from.Products).ConsoleEntries().TakeWhile(e => !IsMarker(e)).ToList();
        var server = await PostgresLogBeforeAnErrorOfOurOwnAsync(from.Postgres);

        var logged = entries.Where(e => refusals.Any(r => IsCatalogEvent(e, r))).ToList();
        Assert.Equal(refusals.Select(r => r.Id), logged.Select(e => e.EventId));
        Assert.All(logged, e => Assert.Equal("info", e.Level));
        var errors = entries.Where(e => e.IsErrorOrWorse).Select(e => $"products: {e}")
            .Concat(server.Where(e => e.IsErrorOrWorse).Select(e => $"postgres: {e}")).ToList();
        Assert.True(errors.Count == 0, "errors logged for what was answered:\n" + string.Join('\n', errors));
    }

    private static bool IsCatalogEvent(ConsoleLogEntry entry, EventId id) => entry.Category == typeof(CatalogLog).FullName && entry.EventId == id.Id;

    /// <summary>
    /// The server's log from a line on, up to an error the test causes itself (a relation nobody has): once that shows,
    /// everything the server logged before it has too, and it shows that errors in this log are read as errors.
    /// </summary>
    private async Task<IReadOnlyList<PostgresLogEntry>> PostgresLogBeforeAnErrorOfOurOwnAsync(int from)
    {
        var relation = $"no_such_relation_{Guid.NewGuid():N}";
        await using (var connection = new NpgsqlConnection(graph.DatabaseConnectionString))
        {
            await connection.OpenAsync();
            await using var select = new NpgsqlCommand($"SELECT 1 FROM {relation}", connection);
            var refused = await Assert.ThrowsAsync<PostgresException>(() => select.ExecuteScalarAsync());
            Assert.Equal(PostgresErrorCodes.UndefinedTable, refused.SqlState);
        }
        bool IsOurs(PostgresLogEntry entry) => entry.IsErrorOrWorse && entry.Text.Contains(relation);

        var lines = await graph.App.LogUntilAsync(ResourceNames.Postgres,
            lines => lines.Where(l => l.LineNumber >= from).PostgresEntries().Any(IsOurs), LogTimeout);
        var entries = lines.Where(l => l.LineNumber >= from).PostgresEntries();
        var ours = entries.First(IsOurs);
        return entries.Where(e => e.LineNumber < ours.LineNumber).ToList();
    }

    private static bool IsRegistrationRefused(ConsoleLogEntry entry) =>
        entry.Category == typeof(RegisterUserRequest).FullName && entry.EventId == UsersApi.RegistrationRefused.Id;

    // Microsoft.Hosting.Lifetime's "Now listening on" (event 14).
    private static bool IsListening(ConsoleLogEntry entry) => entry.Category == "Microsoft.Hosting.Lifetime" && entry.EventId == 14;
}
