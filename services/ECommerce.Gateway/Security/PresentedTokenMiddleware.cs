using Microsoft.AspNetCore.Authentication;

namespace ECommerce.Gateway.Security;

/// <summary>
/// A request that presents a token must present a valid one, even on a route open to anonymous callers: an
/// expired, forged or ended token is a 401 here rather than a request that quietly continues as anonymous.
/// </summary>
public static class PresentedTokenMiddleware
{
    public static IApplicationBuilder UseRejectionOfInvalidTokens(this IApplicationBuilder app) => app.Use(async (context, next) =>
    {
        if (context.Request.Headers.Authorization.Count > 0 && context.User.Identity?.IsAuthenticated != true)
        {
            await context.ChallengeAsync();
            return;
        }
        await next(context);
    });
}
