using System.Globalization;
using System.Security.Claims;
using ECommerce.ServiceDefaults.Authentication;
using ECommerce.ServiceDefaults.Http;

namespace ECommerce.Users.Auth;

public static class AuthApi
{
    public static RouteGroupBuilder MapAuthApi(this IEndpointRouteBuilder app)
    {
        var api = app.MapGroup("/api/v1/auth").WithTags("Authentication");
        api.MapPost("/login", Login).AllowAnonymous().WithValidation<LoginRequest>()
            .ProducesProblem(StatusCodes.Status401Unauthorized)
            .ProducesProblem(StatusCodes.Status403Forbidden)
            .ProducesProblem(StatusCodes.Status429TooManyRequests);
        api.MapPost("/logout", Logout).RequireAuthorization();
        return api;
    }

    public static async Task<Results<Ok<LoginResponse>, ProblemHttpResult>> Login(
        LoginRequest request, LoginService login, HttpContext http, TimeProvider clock, CancellationToken cancellationToken)
    {
        switch (await login.LoginAsync(request.Email, request.Password, cancellationToken))
        {
            case LoginOutcome.Success(var token):
                var lifetime = (int)(token.ExpiresAt - clock.GetUtcNow()).TotalSeconds;
                return TypedResults.Ok(new LoginResponse(token.Token, "Bearer", lifetime, token.ExpiresAt));
            case LoginOutcome.LockedOut(var until):
                var retryAfter = Math.Max(1, (int)Math.Ceiling((until - clock.GetUtcNow()).TotalSeconds));
                http.Response.Headers.RetryAfter = retryAfter.ToString(CultureInfo.InvariantCulture);
                return TypedResults.Problem(statusCode: StatusCodes.Status429TooManyRequests, title: "Too many failed sign-ins",
                    detail: $"Sign-in for this account is locked after repeated failures. Try again in {retryAfter} seconds.");
            case LoginOutcome.AccountNotActive(var status):
                return TypedResults.Problem(statusCode: StatusCodes.Status403Forbidden, title: "Account not active",
                    detail: $"This account is {status}.");
            default:
                return TypedResults.Problem(statusCode: StatusCodes.Status401Unauthorized, title: "Invalid credentials",
                    detail: "The email or password is not correct.");
        }
    }

    public static async Task<NoContent> Logout(ClaimsPrincipal caller, LoginService login, CancellationToken cancellationToken)
    {
        await login.LogoutAsync(caller.GetSessionId()!, caller.GetUserId(), cancellationToken);
        return TypedResults.NoContent();
    }
}
