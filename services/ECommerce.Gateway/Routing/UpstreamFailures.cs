using System.Net.Sockets;
using ECommerce.Gateway.Metrics;
using ECommerce.ServiceDefaults.Http;
using Yarp.ReverseProxy.Forwarder;

namespace ECommerce.Gateway.Routing;

/// <summary>
/// What a client hears when the gateway could not get an answer from a service. A service that is down or not
/// accepting connections is a 503 with Retry-After: the request never reached it, so trying again shortly is safe and
/// is the remedy. A service that went silent is a 504 with Retry-After: whether it acted is unknown, so a retry
/// needs its Idempotency-Key. A service that stopped mid-request (the connection broke before its answer) is a 502 with
/// Retry-After, for the same reason. Failures on the client's side of the exchange are left as they are. Each is counted.
/// </summary>
public static class UpstreamFailures
{
    public const string RetryAfterSeconds = "5";

    public static async Task AnswerAsync(HttpContext context, IForwarderErrorFeature failure)
    {
        var route = context.GetReverseProxyFeature().Route.Config.RouteId;
        context.RequestServices.GetRequiredService<GatewayMetrics>().UpstreamFailed(route, failure.Error.ToString());
        if (context.Response.HasStarted)
        {
            return;
        }
        var (status, title, detail) = failure.Error switch
        {
            _ when NeverReachedTheService(failure) => (StatusCodes.Status503ServiceUnavailable, "Service unavailable",
                "The service behind this route is not accepting requests right now; the request was not delivered. Try again shortly."),
            ForwarderError.RequestTimedOut => (StatusCodes.Status504GatewayTimeout, "Service timed out",
                "The service behind this route did not answer in time; it may or may not have acted. Retry with the same Idempotency-Key."),
            ForwarderError.Request or ForwarderError.ResponseHeaders or ForwarderError.RequestBodyDestination => (StatusCodes.Status502BadGateway,
                "Service failed mid-request", "The service behind this route stopped before it answered; it may or may not have acted. Retry with the same Idempotency-Key."),
            _ => (0, "", ""),
        };
        if (status == 0)
        {
            return;
        }
        context.Response.Headers.RetryAfter = RetryAfterSeconds;
        await context.RequestServices.GetRequiredService<IProblemDetailsService>().WriteProblemAsync(context, status, title, detail);
    }

    private static bool NeverReachedTheService(IForwarderErrorFeature failure) =>
        failure.Error == ForwarderError.NoAvailableDestinations
        || (failure.Error == ForwarderError.Request && IsConnectionFailure(failure.Exception));

    private static bool IsConnectionFailure(Exception? exception)
    {
        for (var inner = exception; inner is not null; inner = inner.InnerException)
        {
            if (inner is HttpRequestException { HttpRequestError: HttpRequestError.ConnectionError or HttpRequestError.NameResolutionError }
                or SocketException { SocketErrorCode: SocketError.ConnectionRefused or SocketError.HostUnreachable or SocketError.NetworkUnreachable })
            {
                return true;
            }
        }
        return false;
    }
}
