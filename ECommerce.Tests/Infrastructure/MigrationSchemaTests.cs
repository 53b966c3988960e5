extern alias products;
extern alias users;
using ECommerce.Tests.Harness;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata;
using Npgsql;

namespace ECommerce.Tests.Infrastructure;

/// <summary>
/// The first migrations were written in SQL, so this checks that what they create is what each EF model maps to:
/// every mapped column exists with the model's type (lengths and precision included) and nullability, and
/// every column of a mapped table is mapped. And the model has no change that a migration does not carry yet
/// (compared with the model snapshot that <c>dotnet ef migrations add</c> keeps).
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
            .UseNpgsql(graph.DatabaseConnectionString, npgsql => npgsql.MigrationsHistoryTable(historyTable)).Options;
        await using var context = (TContext)Activator.CreateInstance(typeof(TContext), options)!;

        Assert.Empty(await context.Database.GetPendingMigrationsAsync());
        Assert.False(context.Database.HasPendingModelChanges(), $"{typeof(TContext).Name} has changes no migration carries: run `dotnet ef migrations add <Name>` in its service.");
        foreach (var entity in context.Model.GetEntityTypes())
        {
            var table = entity.GetTableName()!;
            var actual = await ColumnsOf(table);
            var store = StoreObjectIdentifier.Table(table);
            var mapped = entity.GetProperties().ToDictionary(p => p.GetColumnName(store)!, p => (Type: p.GetColumnType(store), Nullable: p.IsColumnNullable(store)));
            foreach (var (column, expected) in mapped)
            {
                Assert.True(actual.TryGetValue(column, out var created), $"{table}.{column} is mapped but not created by the migrations.");
                Assert.True(expected == created, $"{table}.{column}: the model says {expected}, the migrations made {created}.");
            }
            Assert.Empty(actual.Keys.Except(mapped.Keys));
        }
    }

    private async Task<Dictionary<string, (string Type, bool Nullable)>> ColumnsOf(string table)
    {
        await using var connection = new NpgsqlConnection(graph.DatabaseConnectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand("""
            SELECT attname, format_type(atttypid, atttypmod), NOT attnotnull FROM pg_attribute
            WHERE attrelid = ('public.' || quote_ident(@table))::regclass AND attnum > 0 AND NOT attisdropped
            """, connection);
        command.Parameters.AddWithValue("table", table);
        var columns = new Dictionary<string, (string, bool)>();
        await using var reader = await command.ExecuteReaderAsync();
        while (await reader.ReadAsync())
        {
            columns[reader.GetString(0)] = (reader.GetString(1), reader.GetBoolean(2));
        }
        return columns;
    }
}
