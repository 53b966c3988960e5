using Microsoft.AspNetCore.Diagnostics;
using Microsoft.AspNetCore.Http;
using Polly.CircuitBreaker;
using Polly.Timeout;

namespace ECommerce.ServiceDefaults.Http;

/// <summary>
/// A service this request depends on did not answer (after the resilience handler's retries): a 503 the client may
/// retry, not a 500 that blames the request.
/// </summary>
public sealed class DependencyUnavailableExceptionHandler(IProblemDetailsService problemDetails) : IExceptionHandler
{
    public async ValueTask<bool> TryHandleAsync(HttpContext httpContext, Exception exception, CancellationToken cancellationToken)
    {
        if (exception is not (HttpRequestException or TimeoutRejectedException or BrokenCircuitException))
        {
            return false;
        }
        httpContext.Response.Headers.RetryAfter = "5";
        return await problemDetails.WriteProblemAsync(httpContext, StatusCodes.Status503ServiceUnavailable, "Service unavailable",
            "A service this request depends on is not answering. Try again shortly.");
    }
}
