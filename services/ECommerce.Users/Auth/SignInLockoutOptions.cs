namespace ECommerce.Users.Auth;

/// <summary>The <c>Lockout</c> section: after this many failed sign-ins in a row, the account refuses sign-in for a while.</summary>
public sealed class SignInLockoutOptions
{
    public const string SectionName = "Lockout";

    public int MaxFailedAttempts { get; set; } = 5;

    public TimeSpan Duration { get; set; } = TimeSpan.FromMinutes(15);
}
