using ECommerce.Clients.Postgres;
using Microsoft.EntityFrameworkCore;

namespace ECommerce.Products.Data;

public sealed class CatalogDbContextFactory() : DesignTimeDbContextFactory<CatalogDbContext>(CatalogDbContext.MigrationsHistoryTable)
{
    protected override CatalogDbContext Create(DbContextOptions<CatalogDbContext> options) => new(options);
}
