using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Design;

namespace ECommerce.Clients.Postgres;

/// <summary>
/// For <c>dotnet ef migrations add</c>: the context's model and its history table, without the service's host (which
/// needs a running graph's configuration). Scaffolding connects to nothing.
/// </summary>
public abstract class DesignTimeDbContextFactory<TContext>(string migrationsHistoryTable) : IDesignTimeDbContextFactory<TContext>
    where TContext : DbContext
{
    public TContext CreateDbContext(string[] args) => Create(new DbContextOptionsBuilder<TContext>()
        .UseNpgsql(npgsql => npgsql.MigrationsHistoryTable(migrationsHistoryTable))
        .Options);

    protected abstract TContext Create(DbContextOptions<TContext> options);
}
