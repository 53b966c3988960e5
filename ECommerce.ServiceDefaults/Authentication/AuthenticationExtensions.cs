using Amazon.DynamoDBv2;
using ECommerce.ServiceDefaults.Aws;
using Microsoft.AspNetCore.Authentication.JwtBearer;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Hosting;
using Microsoft.IdentityModel.Tokens;

namespace ECommerce.ServiceDefaults.Authentication;

public static class AuthenticationExtensions
{
    /// <summary>
    /// JWT bearer authentication as every service applies it: HS256 only, issuer, audience, lifetime with a small
    /// clock skew, and an open session in DynamoDB — unless <paramref name="acceptGatewayAttestation"/> and the
    /// request carries the gateway's fresh <see cref="SessionAttestation"/> for that session (the gateway read it a
    /// moment ago). Adds the DynamoDB client when the service has none yet, and the <see cref="ServiceCredentials"/>
    /// scheme that guards the internal APIs.
    /// </summary>
    public static IHostApplicationBuilder AddDefaultAuthentication(this IHostApplicationBuilder builder, bool acceptGatewayAttestation = true)
    {
        var settings = JwtSettings.From(builder.Configuration);
        builder.Services.AddSingleton(settings);
        if (!builder.Services.Any(service => service.ServiceType == typeof(IAmazonDynamoDB)))
        {
            builder.AddDynamoDbClient();
        }
        builder.Services.TryAddSingleton(TimeProvider.System);
        builder.Services.TryAddSingleton<SessionStore>();
        builder.Services.TryAddSingleton<SessionAttestation>();

        builder.Services.AddAuthentication(JwtBearerDefaults.AuthenticationScheme)
            .AddJwtBearer(options =>
            {
                options.MapInboundClaims = false;
                options.TokenValidationParameters = new TokenValidationParameters
                {
                    ValidIssuer = settings.Issuer,
                    ValidAudience = settings.Audience,
                    IssuerSigningKey = settings.SigningKey,
                    ValidAlgorithms = [JwtSettings.Algorithm],
                    ClockSkew = JwtSettings.ClockSkew,
                    RequireExpirationTime = true,
                    RequireSignedTokens = true,
                    NameClaimType = TokenClaims.Subject,
                    RoleClaimType = TokenClaims.Role,
                };
                options.Events = new JwtBearerEvents
                {
                    OnTokenValidated = async context =>
                    {
                        var services = context.HttpContext.RequestServices;
                        var principal = context.Principal!;
                        if (principal.GetSessionId() is not { } sessionId
                            || !Guid.TryParse(principal.FindFirst(TokenClaims.Subject)?.Value, out var userId))
                        {
                            context.Fail("The token names no session.");
                            return;
                        }
                        var attested = acceptGatewayAttestation && services.GetRequiredService<SessionAttestation>()
                            .Verify(context.Request.Headers[SessionAttestation.Header], sessionId);
                        if (!attested && !await services.GetRequiredService<SessionStore>().IsOpenAsync(sessionId, userId, context.HttpContext.RequestAborted))
                        {
                            context.Fail("The session of this token has ended.");
                        }
                    },
                    // A ProblemDetails body instead of an empty 401, without saying which check failed.
                    OnChallenge = async context =>
                    {
                        context.HandleResponse();
                        context.Response.StatusCode = StatusCodes.Status401Unauthorized;
                        context.Response.Headers.WWWAuthenticate = "Bearer";
                        await Results.Problem(statusCode: StatusCodes.Status401Unauthorized, title: "Unauthorized",
                            detail: "A valid bearer token is required.").ExecuteAsync(context.HttpContext);
                    },
                    OnForbidden = context => Results.Problem(statusCode: StatusCodes.Status403Forbidden, title: "Forbidden",
                        detail: "This operation needs a role the caller does not have.").ExecuteAsync(context.HttpContext),
                };
            })
            .AddServiceCredentials(builder.Configuration);

        builder.Services.AddAuthorizationBuilder()
            .AddPolicy(Policies.Admin, policy => policy.RequireAuthenticatedUser().RequireRole(Roles.Admin))
            .SetFallbackPolicy(null);
        return builder;
    }
}
