using System.Globalization;
using System.Security.Cryptography;
using System.Text;

namespace ECommerce.ServiceDefaults.Authentication;

/// <summary>
/// The gateway's word that it has just found a token's session open, so that the service behind it does not read the
/// same session again: a header bound to the session id and a time, signed (HMAC-SHA256) with a key derived from the
/// JWT signing key for this purpose alone, so only a holder of that key can make one. The gateway reads the session on
/// every request (a logout takes effect at once), removes whatever a client sent under this name, and adds the header
/// only to requests whose token it accepted. A request that reaches a service without it, or with a stale or wrong
/// one, gets the full check. A header seen in transit is worth nothing after <see cref="Validity"/>, and never for
/// another session.
/// </summary>
public sealed class SessionAttestation(JwtSettings jwt, TimeProvider clock)
{
    public const string Header = "X-ECommerce-Session-Checked";

    /// <summary>Long enough for a hop and a little clock difference between machines, short enough to be no lasting credential.</summary>
    public static readonly TimeSpan Validity = TimeSpan.FromSeconds(10);

    private readonly byte[] _key = HKDF.DeriveKey(HashAlgorithmName.SHA256, jwt.SigningKey.Key, 32, salt: [],
        info: "ecommerce gateway session attestation"u8.ToArray());

    public string Issue(string sessionId)
    {
        var at = clock.GetUtcNow().ToUnixTimeMilliseconds();
        return $"{at.ToString(CultureInfo.InvariantCulture)}.{Convert.ToHexStringLower(Sign(sessionId, at))}";
    }

    public bool Verify(string? attestation, string sessionId)
    {
        if (attestation?.Split('.') is not [var time, var signature]
            || !long.TryParse(time, NumberStyles.None, CultureInfo.InvariantCulture, out var at)
            || signature.Length != 64)
        {
            return false;
        }
        var age = clock.GetUtcNow() - DateTimeOffset.FromUnixTimeMilliseconds(Math.Min(at, DateTimeOffset.MaxValue.ToUnixTimeMilliseconds()));
        if (age.Duration() > Validity)
        {
            return false;
        }
        try
        {
            return CryptographicOperations.FixedTimeEquals(Convert.FromHexString(signature), Sign(sessionId, at));
        }
        catch (FormatException)
        {
            return false;
        }
    }

    private byte[] Sign(string sessionId, long at) =>
        HMACSHA256.HashData(_key, Encoding.UTF8.GetBytes($"{sessionId}.{at.ToString(CultureInfo.InvariantCulture)}"));
}
