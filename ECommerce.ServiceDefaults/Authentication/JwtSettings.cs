using System.Text;
using Microsoft.Extensions.Configuration;
using Microsoft.IdentityModel.Tokens;

namespace ECommerce.ServiceDefaults.Authentication;

/// <summary>
/// The <c>Jwt</c> configuration section shared by the service that issues tokens (users) and every service that
/// validates them: <c>Jwt__Issuer</c>, <c>Jwt__Audience</c>, <c>Jwt__SigningKey</c>, <c>Jwt__AccessTokenMinutes</c>.
/// </summary>
public sealed record JwtSettings(string Issuer, string Audience, SymmetricSecurityKey SigningKey, TimeSpan AccessTokenLifetime)
{
    public const string SectionName = "Jwt";

    /// <summary>HS256 only: a token announcing another algorithm (or none) is refused before its signature is read.</summary>
    public const string Algorithm = SecurityAlgorithms.HmacSha256;

    /// <summary>How far a token's times may be off between machines.</summary>
    public static readonly TimeSpan ClockSkew = TimeSpan.FromSeconds(30);

    public static JwtSettings From(IConfiguration configuration)
    {
        var section = configuration.GetSection(SectionName);
        string Require(string key) => section[key] is { Length: > 0 } value
            ? value
            : throw new InvalidOperationException($"Configuration {SectionName}:{key} is missing (environment variable {SectionName}__{key}).");

        var key = Encoding.UTF8.GetBytes(Require("SigningKey"));
        if (key.Length < 32)
        {
            throw new InvalidOperationException($"{SectionName}:SigningKey must be at least 32 bytes for HS256.");
        }
        var minutes = section.GetValue("AccessTokenMinutes", 30);
        if (minutes is < 1 or > 1440)
        {
            throw new InvalidOperationException($"{SectionName}:AccessTokenMinutes must be between 1 and 1440, not {minutes}.");
        }
        return new JwtSettings(Require("Issuer"), Require("Audience"), new SymmetricSecurityKey(key), TimeSpan.FromMinutes(minutes));
    }
}
