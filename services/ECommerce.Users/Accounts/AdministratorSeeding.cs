using ECommerce.ServiceDefaults.Authentication;
using ECommerce.Users.Data;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace ECommerce.Users.Accounts;

/// <summary>The <c>Admin</c> section: the first administrator, since nobody can register as one.</summary>
public sealed class AdministratorOptions
{
    public const string SectionName = "Admin";

    public string? Email { get; set; }

    public string? Password { get; set; }

    public string Name { get; set; } = "Administrator";
}

public static class AdministratorSeeding
{
    /// <summary>
    /// Creates the configured administrator when no account has that email. An existing account is left as it is —
    /// in particular a customer who registered the address first is never promoted.
    /// </summary>
    public static async Task SeedAdministratorAsync(this WebApplication app)
    {
        var options = app.Services.GetRequiredService<IOptions<AdministratorOptions>>().Value;
        var logger = app.Services.GetRequiredService<ILoggerFactory>().CreateLogger(typeof(AdministratorSeeding));
        if (string.IsNullOrWhiteSpace(options.Email) || string.IsNullOrEmpty(options.Password))
        {
            logger.LogInformation("No Admin:Email and Admin:Password configured; no administrator is created.");
            return;
        }

        await using var scope = app.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<UsersDbContext>();
        var normalized = User.Normalize(options.Email);
        if (await db.Users.AsNoTracking().SingleOrDefaultAsync(u => u.NormalizedEmail == normalized) is { } existing)
        {
            if (existing.Role != Roles.Admin)
            {
                logger.LogError("Admin:Email {Email} belongs to an existing customer account; it is not promoted.", options.Email);
            }
            return;
        }

        var now = TimeProvider.System.GetUtcNow();
        var admin = new User
        {
            Id = Guid.CreateVersion7(),
            Email = options.Email.Trim(),
            NormalizedEmail = normalized,
            Name = options.Name,
            Role = Roles.Admin,
            PasswordHash = "",
            CreatedAt = now,
            UpdatedAt = now,
            Metadata = new UserMetadata { UpdatedAt = now, VerificationStatus = VerificationStatuses.Verified },
        };
        admin.PasswordHash = scope.ServiceProvider.GetRequiredService<IPasswordHasher<User>>().HashPassword(admin, options.Password);
        // The check above spares the password hashing on every start; the insert itself lets the unique index decide.
        if (await db.TryCreateAsync(admin, CancellationToken.None))
        {
            logger.LogInformation("Created the administrator account {Email}.", admin.Email);
        }
        // Otherwise another instance created it at the same moment.
    }
}
