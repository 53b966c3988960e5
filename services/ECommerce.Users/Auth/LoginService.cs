using ECommerce.ServiceDefaults.Authentication;
using ECommerce.Users.Data;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace ECommerce.Users.Auth;

public abstract record LoginOutcome
{
    public sealed record Success(AccessToken Token) : LoginOutcome;

    public sealed record InvalidCredentials : LoginOutcome;

    public sealed record LockedOut(DateTimeOffset Until) : LoginOutcome;

    public sealed record AccountNotActive(string Status) : LoginOutcome;
}

/// <summary>Password sign-in with lockout after repeated failures, and a DynamoDB session for each token.</summary>
public sealed class LoginService(
    UsersDbContext db, IPasswordHasher<User> hasher, AccessTokenIssuer tokens, SessionStore sessions,
    IOptions<SignInLockoutOptions> lockout, TimeProvider clock)
{
    // Verifying against a real hash when the email is unknown keeps both answers equally slow.
    private static readonly Lazy<string> UnknownUserHash = new(() => new PasswordHasher<User>().HashPassword(null!, Guid.NewGuid().ToString()));

    public async Task<LoginOutcome> LoginAsync(string email, string password, CancellationToken cancellationToken)
    {
        var normalized = User.Normalize(email);
        var user = await db.Users.Include(u => u.Metadata).SingleOrDefaultAsync(u => u.NormalizedEmail == normalized, cancellationToken);
        if (user is null)
        {
            hasher.VerifyHashedPassword(null!, UnknownUserHash.Value, password);
            return new LoginOutcome.InvalidCredentials();
        }
        var now = clock.GetUtcNow();
        if (user.LockedUntil is { } lockedUntil && lockedUntil > now)
        {
            return new LoginOutcome.LockedOut(lockedUntil);
        }

        var verification = hasher.VerifyHashedPassword(user, user.PasswordHash, password);
        if (verification == PasswordVerificationResult.Failed)
        {
            return await RecordFailureAsync(user.Id, now, cancellationToken) is { } until
                ? new LoginOutcome.LockedOut(until)
                : new LoginOutcome.InvalidCredentials();
        }
        // Status only after the password: a guesser learns nothing about the account.
        if (user.Metadata.AccountStatus != AccountStatuses.Active)
        {
            return new LoginOutcome.AccountNotActive(user.Metadata.AccountStatus);
        }

        if (verification == PasswordVerificationResult.SuccessRehashNeeded)
        {
            user.PasswordHash = hasher.HashPassword(user, password);
        }
        user.FailedLoginCount = 0;
        user.LockedUntil = null;
        await db.SaveChangesAsync(cancellationToken);

        var token = tokens.Issue(user);
        await sessions.OpenAsync(token.SessionId, user.Id, token.ExpiresAt, cancellationToken);
        return new LoginOutcome.Success(token);
    }

    public Task LogoutAsync(string sessionId, Guid userId, CancellationToken cancellationToken) =>
        sessions.EndAsync(sessionId, userId, cancellationToken);

    // One statement, so concurrent failures all count: the attempt that reaches the limit locks the account and
    // starts the count again for after the lock.
    private async Task<DateTimeOffset?> RecordFailureAsync(Guid userId, DateTimeOffset now, CancellationToken cancellationToken)
    {
        var limit = lockout.Value.MaxFailedAttempts;
        var until = now + lockout.Value.Duration;
        var lockedUntil = await db.Database.SqlQuery<DateTimeOffset?>($"""
            UPDATE users SET
                locked_until = CASE WHEN failed_login_count + 1 >= {limit} THEN {until} ELSE locked_until END,
                failed_login_count = CASE WHEN failed_login_count + 1 >= {limit} THEN 0 ELSE failed_login_count + 1 END
            WHERE user_id = {userId}
            RETURNING locked_until AS "Value"
            """).ToListAsync(cancellationToken);
        return lockedUntil.SingleOrDefault() is { } value && value > now ? value : null;
    }
}
