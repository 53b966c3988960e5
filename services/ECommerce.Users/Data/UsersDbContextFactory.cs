using ECommerce.Clients.Postgres;
using Microsoft.EntityFrameworkCore;

namespace ECommerce.Users.Data;

public sealed class UsersDbContextFactory() : DesignTimeDbContextFactory<UsersDbContext>(UsersDbContext.MigrationsHistoryTable)
{
    protected override UsersDbContext Create(DbContextOptions<UsersDbContext> options) => new(options);
}
