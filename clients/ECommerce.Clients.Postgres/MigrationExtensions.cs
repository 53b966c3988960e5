using Microsoft.AspNetCore.Builder;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Npgsql;

namespace ECommerce.Clients.Postgres;

public static class MigrationExtensions
{
    /// <summary>
    /// Applies the context's pending EF Core migrations before the service takes requests. Instances starting
    /// together queue on a PostgreSQL advisory lock named after the context, so exactly one migrates and the others
    /// find nothing left to do. EF Core's own lock alone let two instances apply the same migration (42P07).
    /// </summary>
    public static Task MigrateDbContextAsync<TContext>(this WebApplication app, CancellationToken cancellationToken = default)
        where TContext : DbContext =>
        app.Services.MigrateDbContextAsync<TContext>(cancellationToken);

    /// <inheritdoc cref="MigrateDbContextAsync{TContext}(WebApplication, CancellationToken)"/>
    public static async Task MigrateDbContextAsync<TContext>(this IServiceProvider services, CancellationToken cancellationToken = default)
        where TContext : DbContext
    {
        await using var scope = services.CreateAsyncScope();
        var context = scope.ServiceProvider.GetRequiredService<TContext>();
        var logger = services.GetRequiredService<ILoggerFactory>().CreateLogger(typeof(MigrationExtensions));
        var lockKey = AdvisoryLockKey(typeof(TContext).FullName!);

        // The context's own connection, opened here: EF keeps using it, so the migration runs inside the lock's session.
        var connection = (NpgsqlConnection)context.Database.GetDbConnection();
        await context.Database.OpenConnectionAsync(cancellationToken);
        await using (var acquire = new NpgsqlCommand("SELECT pg_advisory_lock(@key)", connection))
        {
            acquire.Parameters.AddWithValue("key", lockKey);
            await acquire.ExecuteNonQueryAsync(cancellationToken);
        }
        try
        {
            // The history table first (CREATE TABLE IF NOT EXISTS, as MigrateAsync would do itself): the Npgsql provider reads
            // it before creating it — here and again inside MigrateAsync — and on a fresh database that read fails, which
            // EF Core logs as a failed command at Error and the server logs as an ERROR with the statement, although the
            // provider expects it and carries on. Created first, the first start is as quiet as every later one.
            await context.GetService<IHistoryRepository>().CreateIfNotExistsAsync(cancellationToken);
            var pending = (await context.Database.GetPendingMigrationsAsync(cancellationToken)).ToList();
            if (pending.Count > 0)
            {
                logger.LogInformation("Applying {Count} migration(s) of {Context}: {Migrations}", pending.Count, typeof(TContext).Name, pending);
                await context.Database.MigrateAsync(cancellationToken);
            }
        }
        finally
        {
            await using var release = new NpgsqlCommand("SELECT pg_advisory_unlock(@key)", connection);
            release.Parameters.AddWithValue("key", lockKey);
            await release.ExecuteNonQueryAsync(CancellationToken.None);
        }
    }

    // A stable 64-bit key from the context's name (string.GetHashCode differs between processes).
    private static long AdvisoryLockKey(string name)
    {
        var hash = System.Security.Cryptography.SHA256.HashData(System.Text.Encoding.UTF8.GetBytes(name));
        return BitConverter.ToInt64(hash, 0);
    }
}
