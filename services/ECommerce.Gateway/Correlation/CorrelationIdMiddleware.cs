using System.Diagnostics;

namespace ECommerce.Gateway.Correlation;

/// <summary>
/// Every request and response carries <c>X-Correlation-ID</c>: the caller's own when it is a sensible token,
/// otherwise the request's trace id. It is forwarded upstream, so one id ties the client's view to every log line.
/// </summary>
public static class CorrelationIdMiddleware
{
    public const string Header = "X-Correlation-ID";
    private const int MaximumLength = 64;

    public static IApplicationBuilder UseCorrelationId(this IApplicationBuilder app) => app.Use(async (context, next) =>
    {
        var id = context.Request.Headers[Header] is [{ } given] && IsAcceptable(given)
            ? given
            : Activity.Current?.TraceId.ToString() ?? Guid.NewGuid().ToString("N");
        context.Request.Headers[Header] = id;
        context.Response.OnStarting(() =>
        {
            context.Response.Headers[Header] = id;
            return Task.CompletedTask;
        });
        Activity.Current?.SetTag("correlation.id", id);
        await next(context);
    });

    // Echoed into logs and responses: no room for header injection or log forging.
    public static bool IsAcceptable(string id) =>
        id.Length is > 0 and <= MaximumLength && id.All(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '_' or '.');
}
