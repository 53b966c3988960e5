using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using Amazon.Runtime;
using Amazon.Runtime.Internal.Auth;

namespace ECommerce.ServiceDefaults.Aws.Sqs;

/// <summary>
/// Signs an HTTP request with AWS Signature Version 4. The canonical request is composed here (it is specific to
/// the request shape); the key derivation and HMAC chain are AWSSDK.Core's own <see cref="AWS4Signer"/>.
/// </summary>
public static class SigV4RequestSigner
{
    public static void Sign(HttpRequestMessage request, byte[] body, ImmutableCredentials credentials, string region, string service, DateTime signedAtUtc)
    {
        var uri = request.RequestUri ?? throw new ArgumentException("The request has no URI.", nameof(request));
        var amzDate = signedAtUtc.ToString("yyyyMMdd'T'HHmmss'Z'", CultureInfo.InvariantCulture);
        request.Headers.Remove("X-Amz-Date");
        request.Headers.TryAddWithoutValidation("X-Amz-Date", amzDate);
        if (credentials.UseToken)
        {
            request.Headers.Remove("X-Amz-Security-Token");
            request.Headers.TryAddWithoutValidation("X-Amz-Security-Token", credentials.Token);
        }

        var headers = new SortedDictionary<string, string>(StringComparer.Ordinal)
        {
            ["host"] = uri.IsDefaultPort ? uri.Host : $"{uri.Host}:{uri.Port}",
        };
        foreach (var header in request.Headers.Concat(request.Content?.Headers ?? Enumerable.Empty<KeyValuePair<string, IEnumerable<string>>>()))
        {
            var name = header.Key.ToLowerInvariant();
            if (name is "host" or "x-amz-date" or "x-amz-target" or "x-amz-security-token" or "content-type")
            {
                headers[name] = string.Join(",", header.Value.Select(v => v.Trim()));
            }
        }

        var signedHeaders = string.Join(";", headers.Keys);
        var canonicalRequest = string.Join("\n",
            request.Method.Method,
            string.IsNullOrEmpty(uri.AbsolutePath) ? "/" : uri.AbsolutePath,
            CanonicalQuery(uri.Query),
            string.Concat(headers.Select(h => $"{h.Key}:{h.Value}\n")),
            signedHeaders,
            Convert.ToHexStringLower(SHA256.HashData(body)));

        var result = AWS4Signer.ComputeSignature(credentials, region, signedAtUtc, service, signedHeaders, canonicalRequest);
        request.Headers.TryAddWithoutValidation("Authorization", result.ForAuthorizationHeader);
    }

    private static string CanonicalQuery(string query)
    {
        if (string.IsNullOrEmpty(query) || query == "?")
        {
            return "";
        }
        var pairs = query.TrimStart('?').Split('&', StringSplitOptions.RemoveEmptyEntries)
            .Select(pair => pair.Split('=', 2))
            .Select(parts => (Name: Encode(parts[0]), Value: Encode(parts.Length > 1 ? parts[1] : "")))
            .OrderBy(p => p.Name, StringComparer.Ordinal).ThenBy(p => p.Value, StringComparer.Ordinal);
        return string.Join("&", pairs.Select(p => $"{p.Name}={p.Value}"));
    }

    private static string Encode(string component) => Uri.EscapeDataString(Uri.UnescapeDataString(component));

    internal static string Md5Hex(string text) => Convert.ToHexStringLower(MD5.HashData(Encoding.UTF8.GetBytes(text)));
}
