using System.Security.Claims;
using ECommerce.ServiceDefaults.Authentication;
using ECommerce.ServiceDefaults.Http;
using ECommerce.Users.Data;
using Microsoft.EntityFrameworkCore;

namespace ECommerce.Users.Accounts;

public static class UsersApi
{
    public static RouteGroupBuilder MapUsersApi(this IEndpointRouteBuilder app)
    {
        var api = app.MapGroup("/api/v1/users").WithTags("Users");

        api.MapPost("", Register).AllowAnonymous().WithValidation<RegisterUserRequest>().ProducesProblem(StatusCodes.Status409Conflict);

        var account = api.MapGroup("").RequireAuthorization();
        account.MapGet("/me", (ClaimsPrincipal caller, UsersDbContext db, CancellationToken ct) => GetUser(caller.GetUserId(), caller, db, ct));
        account.MapPatch("/me", (UpdateProfileRequest request, ClaimsPrincipal caller, UsersDbContext db, TimeProvider clock, CancellationToken ct) =>
            UpdateProfile(caller.GetUserId(), request, caller, db, clock, ct)).WithValidation<UpdateProfileRequest>();
        account.MapGet("/me/metadata", (ClaimsPrincipal caller, UsersDbContext db, CancellationToken ct) => GetMetadata(caller.GetUserId(), caller, db, ct));
        account.MapPatch("/me/metadata", (UpdateMetadataRequest request, ClaimsPrincipal caller, UsersDbContext db, SessionStore sessions, TimeProvider clock,
            CancellationToken ct) => UpdateMetadata(caller.GetUserId(), request, caller, db, sessions, clock, ct)).WithValidation<UpdateMetadataRequest>()
            .ProducesProblem(StatusCodes.Status403Forbidden);

        account.MapGet("/{id:guid}", GetUser);
        account.MapPatch("/{id:guid}", UpdateProfile).WithValidation<UpdateProfileRequest>();
        account.MapGet("/{id:guid}/metadata", GetMetadata);
        account.MapPatch("/{id:guid}/metadata", UpdateMetadata).WithValidation<UpdateMetadataRequest>().ProducesProblem(StatusCodes.Status403Forbidden);
        return api;
    }

    /// <summary>A registration answered 409 because the address is taken (logged at Information).</summary>
    public static readonly EventId RegistrationRefused = new(1, nameof(RegistrationRefused));

    public static async Task<Results<Created<UserResponse>, ProblemHttpResult>> Register(
        RegisterUserRequest request, UsersDbContext db, IPasswordHasher<User> hasher, TimeProvider clock, ILogger<RegisterUserRequest> logger,
        CancellationToken cancellationToken)
    {
        var now = clock.GetUtcNow();
        var user = new User
        {
            Id = Guid.CreateVersion7(),
            Email = request.Email,
            NormalizedEmail = User.Normalize(request.Email),
            Name = request.Name,
            Role = Roles.Customer,
            PasswordHash = "",
            CreatedAt = now,
            UpdatedAt = now,
            Metadata = new UserMetadata { UpdatedAt = now },
        };
        user.PasswordHash = hasher.HashPassword(user, request.Password);
        if (!await db.TryCreateAsync(user, cancellationToken))
        {
            // Information, not an error: the service answered as it should. Without the address, which is personal data.
            logger.LogInformation(RegistrationRefused, "Registration refused: the email address already has an account.");
            return TypedResults.Problem(statusCode: StatusCodes.Status409Conflict, title: "Email already registered",
                detail: "An account with this email address already exists.");
        }
        return TypedResults.Created($"/api/v1/users/{user.Id}", UserResponse.From(user));
    }

    // Someone else's account answers exactly like a missing one: ids must not be probeable.
    public static async Task<Results<Ok<UserResponse>, NotFound>> GetUser(Guid id, ClaimsPrincipal caller, UsersDbContext db, CancellationToken cancellationToken)
    {
        if (!caller.MayAccess(id))
        {
            return TypedResults.NotFound();
        }
        var user = await db.Users.AsNoTracking().SingleOrDefaultAsync(u => u.Id == id, cancellationToken);
        return user is null ? TypedResults.NotFound() : TypedResults.Ok(UserResponse.From(user));
    }

    public static async Task<Results<Ok<UserResponse>, NotFound>> UpdateProfile(
        Guid id, UpdateProfileRequest request, ClaimsPrincipal caller, UsersDbContext db, TimeProvider clock, CancellationToken cancellationToken)
    {
        if (!caller.MayAccess(id) || await db.Users.SingleOrDefaultAsync(u => u.Id == id, cancellationToken) is not { } user)
        {
            return TypedResults.NotFound();
        }
        user.Name = request.Name!;
        user.UpdatedAt = clock.GetUtcNow();
        await db.SaveChangesAsync(cancellationToken);
        return TypedResults.Ok(UserResponse.From(user));
    }

    public static async Task<Results<Ok<UserMetadataResponse>, NotFound>> GetMetadata(
        Guid id, ClaimsPrincipal caller, UsersDbContext db, CancellationToken cancellationToken)
    {
        if (!caller.MayAccess(id))
        {
            return TypedResults.NotFound();
        }
        var metadata = await db.UserMetadata.AsNoTracking().SingleOrDefaultAsync(m => m.UserId == id, cancellationToken);
        return metadata is null ? TypedResults.NotFound() : TypedResults.Ok(UserMetadataResponse.From(metadata));
    }

    public static async Task<Results<Ok<UserMetadataResponse>, NotFound, ProblemHttpResult>> UpdateMetadata(
        Guid id, UpdateMetadataRequest request, ClaimsPrincipal caller, UsersDbContext db, SessionStore sessions, TimeProvider clock,
        CancellationToken cancellationToken)
    {
        if (!caller.MayAccess(id) || await db.UserMetadata.SingleOrDefaultAsync(m => m.UserId == id, cancellationToken) is not { } metadata)
        {
            return TypedResults.NotFound();
        }
        if (!caller.IsAdmin() && MetadataRules.ForbiddenToOwner(metadata, request) is { } reason)
        {
            return TypedResults.Problem(statusCode: StatusCodes.Status403Forbidden, title: "Not allowed", detail: reason);
        }
        if (request.Preferences is { } preferences)
        {
            metadata.Preferences = preferences.GetRawText();
        }
        metadata.AccountStatus = request.AccountStatus ?? metadata.AccountStatus;
        metadata.VerificationStatus = request.VerificationStatus ?? metadata.VerificationStatus;
        metadata.UpdatedAt = clock.GetUtcNow();
        await db.SaveChangesAsync(cancellationToken);
        if (metadata.AccountStatus != AccountStatuses.Active)
        {
            // A suspended or closed account's tokens stop working now, not when they expire.
            await sessions.EndAllAsync(id, cancellationToken);
        }
        return TypedResults.Ok(UserMetadataResponse.From(metadata));
    }
}
