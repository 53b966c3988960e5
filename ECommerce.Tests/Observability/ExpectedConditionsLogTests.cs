extern alias products;
extern alias users;
using System.Net;
using ECommerce.Clients.Postgres;
using ECommerce.ServiceDefaults;
using ECommerce.Tests.Harness;
using Npgsql;
using CatalogDbContext = products::ECommerce.Products.Data.CatalogDbContext;
using RegisterUserRequest = users::ECommerce.Users.Accounts.RegisterUserRequest;
using UsersApi = users::ECommerce.Users.Accounts.UsersApi;
using UsersDbContext = users::ECommerce.Users.Data.UsersDbContext;

namespace ECommerce.Tests.Observability;

/// <summary>
/// Conditions the services expect and answer are not errors in their logs, nor in the database server's: a taken
/// email address, a database the services migrate for the first time. What is read is each process's console as the
/// dashboard shows it, by level and event id.
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
