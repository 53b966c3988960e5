using System.Security.Cryptography;
using ECommerce.ServiceDefaults.Authentication;
using ECommerce.Users.Data;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;

namespace ECommerce.Users.Auth;

/// <summary>Signs access tokens that every service validates with <see cref="AuthenticationExtensions.AddDefaultAuthentication"/>.</summary>
public sealed class AccessTokenIssuer(JwtSettings settings, TimeProvider clock)
{
    private readonly JsonWebTokenHandler _handler = new();

    public AccessToken Issue(User user)
    {
        var now = clock.GetUtcNow();
        var expires = now + settings.AccessTokenLifetime;
        var sessionId = Base64UrlEncoder.Encode(RandomNumberGenerator.GetBytes(32));
        var token = _handler.CreateToken(new SecurityTokenDescriptor
        {
            Issuer = settings.Issuer,
            Audience = settings.Audience,
            IssuedAt = now.UtcDateTime,
            NotBefore = now.UtcDateTime,
            Expires = expires.UtcDateTime,
            Claims = new Dictionary<string, object>
            {
                [TokenClaims.Subject] = user.Id.ToString(),
                [TokenClaims.Email] = user.Email,
                [TokenClaims.Name] = user.Name,
                [TokenClaims.Role] = user.Role,
                [TokenClaims.SessionId] = sessionId,
                [JwtRegisteredClaimNames.Jti] = Guid.NewGuid().ToString(),
            },
            SigningCredentials = new SigningCredentials(settings.SigningKey, JwtSettings.Algorithm),
        });
        return new AccessToken(token, sessionId, expires);
    }
}

public sealed record AccessToken(string Token, string SessionId, DateTimeOffset ExpiresAt);
