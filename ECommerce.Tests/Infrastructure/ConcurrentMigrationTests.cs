extern alias products;
extern alias users;
using ECommerce.ServiceDefaults;
using ECommerce.Clients.Postgres;
using ECommerce.Tests.Harness;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Npgsql;
using CatalogDbContext = products::ECommerce.Products.Data.CatalogDbContext;
using UsersDbContext = users::ECommerce.Users.Data.UsersDbContext;

namespace ECommerce.Tests.Infrastructure;

/// <summary>Two instances of a service starting together against an empty database: one migrates, neither fails.</summary>
[Collection(GraphCollection.Name)]
public sealed class ConcurrentMigrationTests(GraphFixture graph)
{
    [Fact]
    public async Task InstancesStartingTogetherApplyTheMigrationsOnce()
    {
        var database = $"migrate_{Guid.NewGuid():N}";
        await using (var admin = new NpgsqlConnection(graph.DatabaseConnectionString))
        {
            await admin.OpenAsync();
            await new NpgsqlCommand($"CREATE DATABASE {database}", admin).ExecuteNonQueryAsync();
        }
        var connectionString = new NpgsqlConnectionStringBuilder(graph.DatabaseConnectionString) { Database = database }.ConnectionString;

        var instances = Enumerable.Range(0, 4).Select(_ => ServiceInstance(connectionString)).ToList();
        await Task.WhenAll(instances.SelectMany(services => new[]
        {
            Task.Run(() => services.MigrateDbContextAsync<UsersDbContext>()),
            Task.Run(() => services.MigrateDbContextAsync<CatalogDbContext>()),
        }));

        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync();
        await using (var scope = instances[0].CreateAsyncScope())
        {
            // Each migration recorded once (a second instance applying one again would have failed above).
            var users = scope.ServiceProvider.GetRequiredService<UsersDbContext>().Database.GetMigrations().Count();
            var catalog = scope.ServiceProvider.GetRequiredService<CatalogDbContext>().Database.GetMigrations().Count();
            Assert.True(users >= 2 && catalog >= 2, "the test means most with several migrations to apply");
            Assert.Equal((long)users, await new NpgsqlCommand($"SELECT count(*) FROM \"{UsersDbContext.MigrationsHistoryTable}\"", connection).ExecuteScalarAsync());
            Assert.Equal((long)catalog, await new NpgsqlCommand($"SELECT count(*) FROM \"{CatalogDbContext.MigrationsHistoryTable}\"", connection).ExecuteScalarAsync());
        }
        Assert.Equal(0L, await new NpgsqlCommand("SELECT count(*) FROM users", connection).ExecuteScalarAsync());
        await connection.CloseAsync();
        foreach (var services in instances)
        {
            await services.DisposeAsync();
        }
        NpgsqlConnection.ClearAllPools();
        await using var cleanup = new NpgsqlConnection(graph.DatabaseConnectionString);
        await cleanup.OpenAsync();
        await new NpgsqlCommand($"DROP DATABASE {database} WITH (FORCE)", cleanup).ExecuteNonQueryAsync();
    }

    // What one service process registers for its database, without the web server.
    private static ServiceProvider ServiceInstance(string connectionString)
    {
        var builder = Host.CreateEmptyApplicationBuilder(new HostApplicationBuilderSettings());
        builder.Configuration.AddInMemoryCollection([new($"ConnectionStrings:{ResourceNames.Database}", connectionString)]);
        builder.AddPostgresDbContext<UsersDbContext>(ResourceNames.Database, UsersDbContext.MigrationsHistoryTable);
        builder.Services.AddDbContextPool<CatalogDbContext>(options => options.UseNpgsql(connectionString,
            npgsql => npgsql.MigrationsHistoryTable(CatalogDbContext.MigrationsHistoryTable)));
        builder.Services.AddLogging();
        return builder.Services.BuildServiceProvider();
    }
}
