using System.Net;
using Microsoft.Extensions.DependencyInjection;
using Polly;
using Polly.CircuitBreaker;
using Polly.Retry;
using Polly.Timeout;

namespace ECommerce.ServiceDefaults.Resilience;

/// <summary>
/// The standard pipeline of Microsoft.Extensions.Http.Resilience (absent from the registry copy here),
/// built on Polly: a total timeout, jittered retries, a circuit breaker and a per-attempt timeout.
/// </summary>
public static class ResilienceExtensions
{
    public static IHttpClientBuilder AddStandardResilienceHandler(this IHttpClientBuilder builder) =>
        builder.AddHttpMessageHandler(() => new StandardResilienceHandler(StandardResilienceHandler.CreatePipeline()));
}

public sealed class StandardResilienceHandler(ResiliencePipeline<HttpResponseMessage> pipeline) : DelegatingHandler
{
    public const string IdempotencyKeyHeader = "Idempotency-Key";
    private static readonly ResiliencePropertyKey<bool> RetryAllowedKey = new("ecommerce.retry-allowed");

    public static ResiliencePipeline<HttpResponseMessage> CreatePipeline() =>
        new ResiliencePipelineBuilder<HttpResponseMessage>()
            .AddTimeout(TimeSpan.FromSeconds(30))
            .AddRetry(new RetryStrategyOptions<HttpResponseMessage>
            {
                MaxRetryAttempts = 3,
                BackoffType = DelayBackoffType.Exponential,
                UseJitter = true,
                Delay = TimeSpan.FromMilliseconds(200),
                ShouldHandle = args => ValueTask.FromResult(
                    args.Context.Properties.GetValue(RetryAllowedKey, false) && IsTransient(args.Outcome)),
            })
            .AddCircuitBreaker(new CircuitBreakerStrategyOptions<HttpResponseMessage>
            {
                FailureRatio = 0.5,
                MinimumThroughput = 10,
                SamplingDuration = TimeSpan.FromSeconds(30),
                BreakDuration = TimeSpan.FromSeconds(5),
                ShouldHandle = args => ValueTask.FromResult(IsTransient(args.Outcome)),
            })
            .AddTimeout(TimeSpan.FromSeconds(10))
            .Build();

    /// <summary>
    /// Only requests that can be repeated without a second effect are retried: the idempotent methods, and any
    /// request that carries an Idempotency-Key for the server to deduplicate.
    /// </summary>
    public static bool IsRetryAllowed(HttpRequestMessage request) =>
        request.Method == HttpMethod.Get || request.Method == HttpMethod.Head || request.Method == HttpMethod.Options
        || request.Method == HttpMethod.Put || request.Method == HttpMethod.Delete
        || request.Headers.Contains(IdempotencyKeyHeader);

    public static bool IsTransient(Outcome<HttpResponseMessage> outcome) => outcome switch
    {
        { Exception: HttpRequestException or TimeoutRejectedException } => true,
        { Result: { } response } => response.StatusCode >= HttpStatusCode.InternalServerError
            || response.StatusCode is HttpStatusCode.RequestTimeout or HttpStatusCode.TooManyRequests,
        _ => false,
    };

    protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        var context = ResilienceContextPool.Shared.Get(cancellationToken);
        context.Properties.Set(RetryAllowedKey, IsRetryAllowed(request));
        try
        {
            var outcome = await pipeline.ExecuteOutcomeAsync(
                static async (ctx, state) =>
                {
                    try
                    {
                        var response = await state.Handler.SendCoreAsync(state.Request, ctx.CancellationToken);
                        return Outcome.FromResult(response);
                    }
                    catch (Exception exception)
                    {
                        return Outcome.FromException<HttpResponseMessage>(exception);
                    }
                },
                context,
                (Handler: this, Request: request));
            outcome.ThrowIfException();
            return outcome.Result!;
        }
        finally
        {
            ResilienceContextPool.Shared.Return(context);
        }
    }

    private Task<HttpResponseMessage> SendCoreAsync(HttpRequestMessage request, CancellationToken cancellationToken) =>
        base.SendAsync(request, cancellationToken);
}
