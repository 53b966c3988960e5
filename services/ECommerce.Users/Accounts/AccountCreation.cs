using ECommerce.Users.Data;
using Microsoft.EntityFrameworkCore;

namespace ECommerce.Users.Accounts;

public static class AccountCreation
{
    /// <summary>
    /// Stores a new account with its metadata, unless an account already has its email address: then nothing is
    /// stored and the answer is false.
    /// </summary>
    /// <remarks>
    /// The unique index on <c>normalized_email</c> decides, so two registrations racing for one address still get one
    /// account; checking first would let both through. It decides through <c>ON CONFLICT DO NOTHING</c> rather than a
    /// failed INSERT caught afterwards, because a taken address is an everyday answer, not a fault: a failed statement is
    /// logged at Error twice, by EF Core (with its stack trace) and by the PostgreSQL server (with the address in its
    /// detail). EF Core's own inserts have no ON CONFLICT, hence the SQL; both rows go in one statement, so an account
    /// never exists without its metadata.
    /// </remarks>
    public static async Task<bool> TryCreateAsync(this UsersDbContext db, User user, CancellationToken cancellationToken)
    {
        var metadata = user.Metadata;
        // Retried on a transient failure as SaveChanges would be (raw SQL is not, by itself).
        var stored = await db.Database.CreateExecutionStrategy().ExecuteAsync(() => db.Database.ExecuteSqlAsync($"""
            WITH account AS (
                INSERT INTO users (user_id, email, normalized_email, name, password_hash, role, created_at, updated_at)
                VALUES ({user.Id}, {user.Email}, {user.NormalizedEmail}, {user.Name}, {user.PasswordHash}, {user.Role}, {user.CreatedAt}, {user.UpdatedAt})
                ON CONFLICT (normalized_email) DO NOTHING
                RETURNING user_id
            )
            INSERT INTO user_metadata (user_id, preferences, account_status, verification_status, updated_at)
            SELECT user_id, {metadata.Preferences}::jsonb, {metadata.AccountStatus}, {metadata.VerificationStatus}, {metadata.UpdatedAt}
            FROM account
            """, cancellationToken));
        return stored == 1;
    }
}
