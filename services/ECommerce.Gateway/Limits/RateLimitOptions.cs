namespace ECommerce.Gateway.Limits;

/// <summary>One token bucket: <see cref="TokenLimit"/> requests at once, refilled by <see cref="TokensPerPeriod"/> every <see cref="Period"/>.</summary>
public sealed class TokenBucketSettings
{
    public int TokenLimit { get; set; }

    public int TokensPerPeriod { get; set; }

    public TimeSpan Period { get; set; } = TimeSpan.FromSeconds(1);
}

/// <summary>The <c>RateLimits</c> section.</summary>
public sealed class RateLimitOptions
{
    public const string SectionName = "RateLimits";

    /// <summary>Every request, per signed-in user, or per client address for anonymous callers.</summary>
    public TokenBucketSettings PerClient { get; set; } = new() { TokenLimit = 200, TokensPerPeriod = 100, Period = TimeSpan.FromSeconds(1) };

    /// <summary>Sign-in attempts per client address: slows credential stuffing across many accounts.</summary>
    public TokenBucketSettings SignIn { get; set; } = new() { TokenLimit = 10, TokensPerPeriod = 10, Period = TimeSpan.FromMinutes(1) };

    /// <summary>Registrations per client address.</summary>
    public TokenBucketSettings Registration { get; set; } = new() { TokenLimit = 5, TokensPerPeriod = 5, Period = TimeSpan.FromMinutes(1) };
}
