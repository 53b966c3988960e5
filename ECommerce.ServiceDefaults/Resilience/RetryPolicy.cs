using Microsoft.Extensions.DependencyInjection;
using Polly;

namespace ECommerce.ServiceDefaults.Resilience;

/// <summary>Microsoft.Extensions.Http.Resilience's standard pipeline, retrying only what can be repeated safely.</summary>
public static class RetryPolicy
{
    public const string IdempotencyKeyHeader = "Idempotency-Key";

    /// <summary>
    /// The standard handler (total and per-attempt timeouts, jittered retries of transient failures, a circuit
    /// breaker), except that only requests that have no second effect are retried: the idempotent methods, and any
    /// request that carries an Idempotency-Key for the server to deduplicate. A POST that timed out may have placed
    /// an order; sending it again without a key could place another.
    /// </summary>
    public static IHttpClientBuilder AddSafeStandardResilienceHandler(this IHttpClientBuilder builder)
    {
        builder.AddStandardResilienceHandler(options =>
        {
            var transient = options.Retry.ShouldHandle;
            options.Retry.ShouldHandle = async args =>
                args.Context.GetRequestMessage() is { } request && IsRetryAllowed(request) && await transient(args);
        });
        return builder;
    }

    public static bool IsRetryAllowed(HttpRequestMessage request) =>
        request.Method == HttpMethod.Get || request.Method == HttpMethod.Head || request.Method == HttpMethod.Options
        || request.Method == HttpMethod.Put || request.Method == HttpMethod.Delete
        || request.Headers.Contains(IdempotencyKeyHeader);
}
