using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Npgsql;

namespace ECommerce.Clients.Postgres;

public static class PostgresExtensions
{
    /// <summary>
    /// PostgreSQL from <c>ConnectionStrings__{name}</c> as Aspire's client integrations set it up (health check,
    /// tracing, metrics; retries on transient failures for EF): one <see cref="NpgsqlDataSource"/>, which the service's
    /// own SQL uses too, and a pooled DbContext on it; unstorable input is answered as a 400.
    /// </summary>
    /// <param name="migrationsHistoryTable">Each service's own history table, since services share the database.</param>
    public static IHostApplicationBuilder AddPostgresDbContext<TContext>(this IHostApplicationBuilder builder, string connectionName,
        string migrationsHistoryTable)
        where TContext : DbContext
    {
        builder.AddNpgsqlDataSource(connectionName);
        builder.Services.AddDbContextPool<TContext>((services, options) => options
            .UseNpgsql(services.GetRequiredService<NpgsqlDataSource>(), npgsql => npgsql.MigrationsHistoryTable(migrationsHistoryTable)));
        builder.EnrichNpgsqlDbContext<TContext>();
        builder.Services.AddExceptionHandler<PostgresInputExceptionHandler>();
        return builder;
    }
}
