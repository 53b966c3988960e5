using Microsoft.Extensions.Options;
using Npgsql;

namespace ECommerce.Users.Auth;

public readonly record struct SignInAttempt(int FailedCount, DateTimeOffset? LockedUntil);

/// <summary>
/// The lockout counter of each email address. An attempt is counted as failed the moment it starts and forgotten
/// when it succeeds, so guesses sent in parallel cannot all slip past the limit before any of them is counted.
/// </summary>
public sealed class SignInAttempts(NpgsqlDataSource dataSource, IOptions<SignInLockoutOptions> options)
{
    public int Limit => options.Value.MaxFailedAttempts;

    /// <summary>Counts an attempt; a lock that has run out starts the count again.</summary>
    public async Task<SignInAttempt> BeginAsync(string normalizedEmail, DateTimeOffset now, CancellationToken cancellationToken)
    {
        await using var command = dataSource.CreateCommand("""
            INSERT INTO sign_in_attempts AS a (normalized_email, failed_count, locked_until, updated_at) VALUES (@email, 1, NULL, @now)
            ON CONFLICT (normalized_email) DO UPDATE SET
                failed_count = CASE WHEN a.locked_until <= @now THEN 1 ELSE a.failed_count + 1 END,
                locked_until = CASE WHEN a.locked_until <= @now THEN NULL ELSE a.locked_until END,
                updated_at = @now
            RETURNING failed_count, locked_until
            """);
        command.Parameters.AddWithValue("email", normalizedEmail);
        command.Parameters.AddWithValue("now", now);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        await reader.ReadAsync(cancellationToken);
        return new SignInAttempt(reader.GetInt32(0), reader.IsDBNull(1) ? null : reader.GetFieldValue<DateTimeOffset>(1));
    }

    /// <summary>Locks the address (or keeps a lock another attempt set) and returns until when.</summary>
    public async Task<DateTimeOffset> LockAsync(string normalizedEmail, DateTimeOffset now, CancellationToken cancellationToken)
    {
        await using var command = dataSource.CreateCommand("""
            UPDATE sign_in_attempts SET
                locked_until = CASE WHEN locked_until > @now THEN locked_until ELSE @until END,
                failed_count = 0,
                updated_at = @now
            WHERE normalized_email = @email
            RETURNING locked_until
            """);
        command.Parameters.AddWithValue("email", normalizedEmail);
        command.Parameters.AddWithValue("now", now);
        command.Parameters.AddWithValue("until", now + options.Value.Duration);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        await reader.ReadAsync(cancellationToken);
        return reader.GetFieldValue<DateTimeOffset>(0);
    }

    public async Task ForgetAsync(string normalizedEmail, CancellationToken cancellationToken)
    {
        await using var command = dataSource.CreateCommand("DELETE FROM sign_in_attempts WHERE normalized_email = @email");
        command.Parameters.AddWithValue("email", normalizedEmail);
        await command.ExecuteNonQueryAsync(cancellationToken);
    }
}
