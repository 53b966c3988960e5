using System.Globalization;
using System.Security.Claims;
using System.Threading.RateLimiting;
using ECommerce.ServiceDefaults.Authentication;
using ECommerce.ServiceDefaults.Health;

namespace ECommerce.Gateway.Limits;

public static class RateLimitPolicies
{
    public const string SignIn = "sign-in";
    public const string Registration = "registration";

    /// <summary>
    /// Token buckets: a global one per user (or per address when anonymous), and stricter ones per address on
    /// sign-in and registration. A refusal is a 429 with Retry-After and a ProblemDetails, not the framework's 503.
    /// </summary>
    public static IServiceCollection AddGatewayRateLimits(this IServiceCollection services, RateLimitOptions options)
    {
        services.AddRateLimiter(limiter =>
        {
            // Probes and scrapes (which reach the gateway on its management port only) are not clients' traffic.
            limiter.GlobalLimiter = PartitionedRateLimiter.Create<HttpContext, string>(context =>
                ManagementEndpoints.IsManagementPath(context.Request.Path)
                    ? RateLimitPartition.GetNoLimiter("management")
                    : RateLimitPartition.GetTokenBucketLimiter(ClientKey(context), _ => Bucket(options.PerClient)));
            limiter.AddPolicy(SignIn, context => RateLimitPartition.GetTokenBucketLimiter(AddressOf(context), _ => Bucket(options.SignIn)));
            limiter.AddPolicy(Registration, context => RateLimitPartition.GetTokenBucketLimiter(AddressOf(context), _ => Bucket(options.Registration)));
            limiter.RejectionStatusCode = StatusCodes.Status429TooManyRequests;
            limiter.OnRejected = async (rejected, cancellationToken) =>
            {
                var retryAfter = rejected.Lease.TryGetMetadata(MetadataName.RetryAfter, out var wait) ? wait : TimeSpan.FromSeconds(1);
                var seconds = Math.Max(1, (int)Math.Ceiling(retryAfter.TotalSeconds));
                rejected.HttpContext.Response.Headers.RetryAfter = seconds.ToString(CultureInfo.InvariantCulture);
                await Results.Problem(statusCode: StatusCodes.Status429TooManyRequests, title: "Too many requests",
                    detail: $"The rate limit for this client was reached. Try again in {seconds} seconds.").ExecuteAsync(rejected.HttpContext);
            };
        });
        return services;
    }

    private static TokenBucketRateLimiterOptions Bucket(TokenBucketSettings settings) => new()
    {
        TokenLimit = settings.TokenLimit,
        TokensPerPeriod = settings.TokensPerPeriod,
        ReplenishmentPeriod = settings.Period,
        QueueLimit = 0,
        AutoReplenishment = true,
    };

    // The token was validated before the limiter runs: its subject is trustworthy here.
    private static string ClientKey(HttpContext context) =>
        context.User.Identity?.IsAuthenticated == true && context.User.FindFirstValue(TokenClaims.Subject) is { } user
            ? $"user:{user}"
            : $"address:{AddressOf(context)}";

    private static string AddressOf(HttpContext context) => context.Connection.RemoteIpAddress?.ToString() ?? "unknown";
}
