using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Diagnostics;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Npgsql;

namespace ECommerce.ServiceDefaults.Postgres;

/// <summary>
/// PostgreSQL from <c>ConnectionStrings__{name}</c>, with the method names of Aspire.Npgsql and
/// Aspire.Npgsql.EntityFrameworkCore.PostgreSQL, written when they could not be restored; the packages are to replace them.
/// </summary>
public static class NpgsqlExtensions
{
    public static IHostApplicationBuilder AddNpgsqlDataSource(this IHostApplicationBuilder builder, string connectionName)
    {
        var connectionString = builder.Configuration.RequireConnectionString(connectionName);
        builder.Services.AddSingleton(services => new NpgsqlDataSourceBuilder(connectionString)
            .UseLoggerFactory(services.GetService<ILoggerFactory>())
            .Build());
        builder.Services.AddHealthChecks().AddCheck<NpgsqlHealthCheck>($"postgres-{connectionName}", timeout: TimeSpan.FromSeconds(5));
        builder.Services.AddExceptionHandler<PostgresInputExceptionHandler>();
        return builder;
    }

    /// <summary>A pooled DbContext on the shared data source, with transient-failure retries.</summary>
    /// <param name="migrationsHistoryTable">Each service's own history table, since services share the database.</param>
    public static IHostApplicationBuilder AddNpgsqlDbContext<TContext>(this IHostApplicationBuilder builder, string connectionName,
        string migrationsHistoryTable)
        where TContext : DbContext
    {
        builder.AddNpgsqlDataSource(connectionName);
        builder.Services.AddDbContextPool<TContext>((services, options) => options
            .UseNpgsql(services.GetRequiredService<NpgsqlDataSource>(), npgsql => npgsql
                .EnableRetryOnFailure()
                .MigrationsHistoryTable(migrationsHistoryTable))
            // Migrations are written by hand, without a model snapshot (EF's design-time package does not restore
            // here); each service's schema test compares the migrated tables with the model instead.
            .ConfigureWarnings(warnings => warnings.Ignore(RelationalEventId.ModelSnapshotNotFound)));
        return builder;
    }
}

public sealed class NpgsqlHealthCheck(NpgsqlDataSource dataSource) : IHealthCheck
{
    public async Task<HealthCheckResult> CheckHealthAsync(
        HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        try
        {
            await using var command = dataSource.CreateCommand("SELECT 1");
            await command.ExecuteScalarAsync(cancellationToken);
            return HealthCheckResult.Healthy();
        }
        catch (NpgsqlException exception)
        {
            return HealthCheckResult.Unhealthy(exception.Message);
        }
    }
}
