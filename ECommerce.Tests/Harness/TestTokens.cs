using System.Text;
using ECommerce.ServiceDefaults.Authentication;
using Microsoft.Extensions.Time.Testing;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;

namespace ECommerce.Tests.Harness;

/// <summary>
/// Access tokens minted by the test, to present what the users service never would: another issuer, another
/// key, an expired lifetime, no signature at all.
/// </summary>
public sealed class TestTokens(string signingKey, string issuer, string audience)
{
    public string Create(Guid userId, string sessionId, string role = "customer", string? issuerOverride = null, string? audienceOverride = null,
        string? keyOverride = null, DateTime? expires = null)
    {
        var now = DateTime.UtcNow;
        var expiry = expires ?? now.AddMinutes(10);
        return new JsonWebTokenHandler { SetDefaultTimesOnTokenCreation = false }.CreateToken(new SecurityTokenDescriptor
        {
            Issuer = issuerOverride ?? issuer,
            Audience = audienceOverride ?? audience,
            IssuedAt = expiry.AddMinutes(-30),
            NotBefore = expiry.AddMinutes(-30),
            Expires = expiry,
            Claims = new Dictionary<string, object> { ["sub"] = userId.ToString(), ["role"] = role, ["sid"] = sessionId },
            SigningCredentials = new SigningCredentials(
                new SymmetricSecurityKey(Encoding.UTF8.GetBytes(keyOverride ?? signingKey)), SecurityAlgorithms.HmacSha256),
        });
    }

    /// <summary>The gateway's word that <paramref name="sessionId"/> is open, as the gateway would have given it at <paramref name="at"/>.</summary>
    public string Attestation(string sessionId, DateTimeOffset? at = null) =>
        new SessionAttestation(new JwtSettings(issuer, audience, new SymmetricSecurityKey(Encoding.UTF8.GetBytes(signingKey)), TimeSpan.FromMinutes(30)),
            new FakeTimeProvider(at ?? DateTimeOffset.UtcNow)).Issue(sessionId);

    /// <summary>The same claims with <c>alg: none</c> and no signature.</summary>
    public static string Unsigned(Guid userId, string sessionId, string role) =>
        $"{Base64UrlEncoder.Encode("""{"alg":"none","typ":"JWT"}""")}." +
        $"{Base64UrlEncoder.Encode($$"""{"sub":"{{userId}}","role":"{{role}}","sid":"{{sessionId}}","exp":{{DateTimeOffset.UtcNow.AddMinutes(10).ToUnixTimeSeconds()}}}""")}.";

    /// <summary>The session id inside a token the users service issued.</summary>
    public static string SessionOf(string token) => new JsonWebToken(token).GetClaim("sid").Value;
}
