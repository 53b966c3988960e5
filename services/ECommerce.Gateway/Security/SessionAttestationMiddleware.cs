using ECommerce.ServiceDefaults.Authentication;

namespace ECommerce.Gateway.Security;

/// <summary>
/// Tells the service behind the gateway that the caller's session was found open just now (see
/// <see cref="SessionAttestation"/>), so it is read once per request rather than at every hop. Whatever a client
/// sent under that header's name is dropped first; the gateway's own check never trusts one.
/// </summary>
public static class SessionAttestationMiddleware
{
    public static IApplicationBuilder UseSessionAttestation(this IApplicationBuilder app) => app.Use(async (context, next) =>
    {
        context.Request.Headers.Remove(SessionAttestation.Header);
        if (context.User.Identity?.IsAuthenticated == true && context.User.GetSessionId() is { } sessionId)
        {
            context.Request.Headers[SessionAttestation.Header] =
                context.RequestServices.GetRequiredService<SessionAttestation>().Issue(sessionId);
        }
        await next(context);
    });
}
