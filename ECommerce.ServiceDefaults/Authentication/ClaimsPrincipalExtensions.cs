using System.Security.Claims;

namespace ECommerce.ServiceDefaults.Authentication;

public static class ClaimsPrincipalExtensions
{
    /// <summary>The authenticated user's id; only call on endpoints that require authentication.</summary>
    public static Guid GetUserId(this ClaimsPrincipal user) =>
        Guid.TryParse(user.FindFirstValue(TokenClaims.Subject), out var id)
            ? id
            : throw new InvalidOperationException("The principal has no user id; is the endpoint missing RequireAuthorization?");

    public static bool IsAdmin(this ClaimsPrincipal user) => user.IsInRole(Roles.Admin);

    /// <summary>True for the user themselves and for admins: the rule behind every "self or admin, otherwise 404".</summary>
    public static bool MayAccess(this ClaimsPrincipal user, Guid ownerId) => user.IsAdmin() || user.GetUserId() == ownerId;

    public static string? GetSessionId(this ClaimsPrincipal user) => user.FindFirstValue(TokenClaims.SessionId);
}
