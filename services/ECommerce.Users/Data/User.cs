namespace ECommerce.Users.Data;

/// <summary>A row of <c>users</c>.</summary>
public sealed class User
{
    public Guid Id { get; set; }

    /// <summary>As the person typed it; <see cref="NormalizedEmail"/> is what must be unique.</summary>
    public required string Email { get; set; }

    public required string NormalizedEmail { get; set; }

    public required string Name { get; set; }

    public required string PasswordHash { get; set; }

    public required string Role { get; set; }

    public DateTimeOffset CreatedAt { get; set; }

    public DateTimeOffset UpdatedAt { get; set; }

    public UserMetadata Metadata { get; set; } = null!;

    public static string Normalize(string email) => email.Trim().ToUpperInvariant();
}

/// <summary>A row of <c>user_metadata</c>: what the user and the operators know about an account beyond its identity.</summary>
public sealed class UserMetadata
{
    public Guid UserId { get; set; }

    /// <summary>A JSON object, stored as jsonb.</summary>
    public string Preferences { get; set; } = "{}";

    public string AccountStatus { get; set; } = AccountStatuses.Active;

    public string VerificationStatus { get; set; } = VerificationStatuses.Unverified;

    public DateTimeOffset UpdatedAt { get; set; }
}

public static class AccountStatuses
{
    public const string Active = "active";
    public const string Suspended = "suspended";
    public const string Deactivated = "deactivated";

    public static readonly string[] All = [Active, Suspended, Deactivated];
}

public static class VerificationStatuses
{
    public const string Unverified = "unverified";
    public const string Pending = "pending";
    public const string Verified = "verified";

    public static readonly string[] All = [Unverified, Pending, Verified];
}
