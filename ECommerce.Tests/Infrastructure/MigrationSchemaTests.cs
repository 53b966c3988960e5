extern alias products;
extern alias users;
using ECommerce.Tests.Harness;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata;
using Npgsql;

namespace ECommerce.Tests.Infrastructure;

/// <summary>
/// The migrations are written by hand, so this checks that what they create is what each EF model maps to:
/// every mapped column exists with the model's nullability, and every table column is mapped.
/// </summary>
[Collection(GraphCollection.Name)]
public sealed class MigrationSchemaTests(GraphFixture graph)
{
    [Fact]
    public Task TheUsersTablesMatchTheUsersModel() => AssertSchemaMatches<users::ECommerce.Users.Data.UsersDbContext>(users::ECommerce.Users.Data.UsersDbContext.MigrationsHistoryTable);

    [Fact]
    public Task TheCatalogTablesMatchTheCatalogModel() => AssertSchemaMatches<products::ECommerce.Products.Data.CatalogDbContext>(products::ECommerce.Products.Data.CatalogDbContext.MigrationsHistoryTable);

    private async Task AssertSchemaMatches<TContext>(string historyTable) where TContext : DbContext
    {
        var options = new DbContextOptionsBuilder<TContext>()
            .UseNpgsql(graph.Database.ConnectionString, npgsql => npgsql.MigrationsHistoryTable(historyTable)).Options;
        await using var context = (TContext)Activator.CreateInstance(typeof(TContext), options)!;

        Assert.Empty(await context.Database.GetPendingMigrationsAsync());
        foreach (var entity in context.Model.GetEntityTypes())
        {
            var table = entity.GetTableName()!;
            var actual = await ColumnsOf(table);
            var store = StoreObjectIdentifier.Table(table);
            var mapped = entity.GetProperties().ToDictionary(p => p.GetColumnName(store)!, p => p.IsColumnNullable(store));
            foreach (var (column, nullable) in mapped)
            {
                Assert.True(actual.TryGetValue(column, out var actualNullable), $"{table}.{column} is mapped but not created by the migrations.");
                Assert.True(nullable == actualNullable, $"{table}.{column}: the model says nullable={nullable}, the table {actualNullable}.");
            }
            Assert.Empty(actual.Keys.Except(mapped.Keys));
        }
    }

    private async Task<Dictionary<string, bool>> ColumnsOf(string table)
    {
        await using var connection = new NpgsqlConnection(graph.Database.ConnectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(
            "SELECT column_name, is_nullable = 'YES' FROM information_schema.columns WHERE table_schema = 'public' AND table_name = @table", connection);
        command.Parameters.AddWithValue("table", table);
        var columns = new Dictionary<string, bool>();
        await using var reader = await command.ExecuteReaderAsync();
        while (await reader.ReadAsync())
        {
            columns[reader.GetString(0)] = reader.GetBoolean(1);
        }
        return columns;
    }
}
