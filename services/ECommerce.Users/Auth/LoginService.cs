using ECommerce.ServiceDefaults.Authentication;
using ECommerce.Users.Data;
using Microsoft.EntityFrameworkCore;

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
    SignInAttempts attempts, TimeProvider clock)
{
    // Verifying against a real hash when the email is unknown keeps both answers equally slow.
    private static readonly Lazy<string> UnknownUserHash = new(() => new PasswordHasher<User>().HashPassword(null!, Guid.NewGuid().ToString()));

    public async Task<LoginOutcome> LoginAsync(string email, string password, CancellationToken cancellationToken)
    {
        var normalized = User.Normalize(email);
        var now = clock.GetUtcNow();
        var attempt = await attempts.BeginAsync(normalized, now, cancellationToken);
        if (attempt.LockedUntil is { } lockedUntil && lockedUntil > now)
        {
            return new LoginOutcome.LockedOut(lockedUntil);
        }
        if (attempt.FailedCount > attempts.Limit)
        {
            // More guesses in flight at once than the limit allows: the surplus is refused unverified.
            return new LoginOutcome.LockedOut(await attempts.LockAsync(normalized, now, cancellationToken));
        }

        var user = await db.Users.Include(u => u.Metadata).SingleOrDefaultAsync(u => u.NormalizedEmail == normalized, cancellationToken);
        var verification = PasswordVerificationResult.Failed;
        if (user is null)
        {
            hasher.VerifyHashedPassword(null!, UnknownUserHash.Value, password);
        }
        else
        {
            verification = hasher.VerifyHashedPassword(user, user.PasswordHash, password);
        }
        if (user is null || verification == PasswordVerificationResult.Failed)
        {
            return attempt.FailedCount >= attempts.Limit
                ? new LoginOutcome.LockedOut(await attempts.LockAsync(normalized, now, cancellationToken))
                : new LoginOutcome.InvalidCredentials();
        }
        await attempts.ForgetAsync(normalized, cancellationToken);

        // Status only after the password: a guesser learns nothing about the account.
        if (user.Metadata.AccountStatus != AccountStatuses.Active)
        {
            return new LoginOutcome.AccountNotActive(user.Metadata.AccountStatus);
        }
        if (verification == PasswordVerificationResult.SuccessRehashNeeded)
        {
            user.PasswordHash = hasher.HashPassword(user, password);
            await db.SaveChangesAsync(cancellationToken);
        }

        var token = tokens.Issue(user);
        await sessions.OpenAsync(token.SessionId, user.Id, token.ExpiresAt, cancellationToken);
        return new LoginOutcome.Success(token);
    }

    public Task LogoutAsync(string sessionId, Guid userId, CancellationToken cancellationToken) =>
        sessions.EndAsync(sessionId, userId, cancellationToken);
}
