using ECommerce.ServiceDefaults;
using ECommerce.ServiceDefaults.Authentication;
using ECommerce.Users.Data;
using Microsoft.EntityFrameworkCore;

namespace ECommerce.Users.Internal;

public sealed record UserStatusResponse(Guid Id, string Role, string AccountStatus);

/// <summary>
/// Lookups for other services inside the cluster (orders checks that a buyer exists and may buy). The gateway
/// never routes <c>/internal</c>.
/// </summary>
public static class InternalUsersApi
{
    public static RouteGroupBuilder MapInternalUsersApi(this IEndpointRouteBuilder app)
    {
        var api = app.MapGroup("/internal/users").WithTags("Internal").ExcludeFromDescription()
            .RequireInternalCaller(ResourceNames.Orders);
        api.MapGet("/{id:guid}", GetStatus);
        return api;
    }

    public static async Task<Results<Ok<UserStatusResponse>, NotFound>> GetStatus(Guid id, UsersDbContext db, CancellationToken cancellationToken)
    {
        var status = await db.Users.AsNoTracking().Where(u => u.Id == id)
            .Select(u => new UserStatusResponse(u.Id, u.Role, u.Metadata.AccountStatus))
            .SingleOrDefaultAsync(cancellationToken);
        return status is null ? TypedResults.NotFound() : TypedResults.Ok(status);
    }
}
