using System.Security.Claims;
using System.Security.Cryptography;
using System.Text;
using System.Text.Encodings.Web;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace ECommerce.ServiceDefaults.Authentication;

/// <summary>
/// Who may call a service's <c>/internal</c> API: a key per calling service, so that being inside the network is not
/// enough. A caller sends its own key as <c>Authorization: Service &lt;key&gt;</c>
/// (<see cref="AddServiceCredential"/>); a service accepts the keys of the callers it lists and knows which caller
/// presented one (<see cref="RequireInternalCaller{TBuilder}"/>). A missing or unknown key is a 401; a caller whose key
/// the service knows but whom this API does not serve, a 403.
/// </summary>
public static class ServiceCredentials
{
    public const string Scheme = "Service";
    public const string ServiceClaim = "service";

    /// <summary>
    /// Configuration: <c>ServiceCredentials:Key</c>, the service's own key for the calls it makes, and
    /// <c>ServiceCredentials:Callers:{service}</c>, the key of each service allowed to call it.
    /// </summary>
    public const string SectionName = "ServiceCredentials";

    internal static AuthenticationBuilder AddServiceCredentials(this AuthenticationBuilder authentication, IConfiguration configuration)
    {
        var callers = configuration.GetSection($"{SectionName}:Callers").GetChildren()
            .Where(caller => !string.IsNullOrEmpty(caller.Value))
            .ToDictionary(caller => caller.Key, caller => Digest(caller.Value!));
        return authentication.AddScheme<ServiceCredentialOptions, ServiceCredentialHandler>(Scheme, options => options.Callers = callers);
    }

    /// <summary>Only the named services, by their keys, may call these endpoints; users' tokens are not accepted here.</summary>
    public static TBuilder RequireInternalCaller<TBuilder>(this TBuilder endpoints, params string[] callers) where TBuilder : IEndpointConventionBuilder =>
        endpoints.RequireAuthorization(policy => policy.AddAuthenticationSchemes(Scheme).RequireClaim(ServiceClaim, callers));

    /// <summary>Sends this service's key (<c>ServiceCredentials:Key</c>) with every request of the client.</summary>
    public static IHttpClientBuilder AddServiceCredential(this IHttpClientBuilder client) =>
        client.AddHttpMessageHandler(services =>
        {
            var key = services.GetRequiredService<IConfiguration>()[$"{SectionName}:Key"];
            return new CredentialMessageHandler(string.IsNullOrEmpty(key)
                ? throw new InvalidOperationException($"{SectionName}:Key is not set: this service calls internal APIs and needs its key.")
                : key);
        });

    // Compared as digests of equal length, in constant time, so the comparison says nothing about the key.
    internal static byte[] Digest(string key) => SHA256.HashData(Encoding.UTF8.GetBytes(key));

    private sealed class CredentialMessageHandler(string key) : DelegatingHandler
    {
        protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
        {
            request.Headers.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue(Scheme, key);
            return base.SendAsync(request, cancellationToken);
        }
    }
}

public sealed class ServiceCredentialOptions : AuthenticationSchemeOptions
{
    /// <summary>Key digests by calling service.</summary>
    public IReadOnlyDictionary<string, byte[]> Callers { get; set; } = new Dictionary<string, byte[]>();
}

internal sealed class ServiceCredentialHandler(IOptionsMonitor<ServiceCredentialOptions> options, ILoggerFactory logger, UrlEncoder encoder)
    : AuthenticationHandler<ServiceCredentialOptions>(options, logger, encoder)
{
    private const string Prefix = ServiceCredentials.Scheme + " ";

    protected override Task<AuthenticateResult> HandleAuthenticateAsync()
    {
        if (Request.Headers.Authorization is not [{ } header] || !header.StartsWith(Prefix, StringComparison.Ordinal))
        {
            return Task.FromResult(AuthenticateResult.NoResult());
        }
        var presented = ServiceCredentials.Digest(header[Prefix.Length..]);
        // Every key is compared, matched or not, so the time taken does not tell which callers exist.
        string? caller = null;
        foreach (var (service, digest) in Options.Callers)
        {
            if (CryptographicOperations.FixedTimeEquals(presented, digest))
            {
                caller = service;
            }
        }
        if (caller is null)
        {
            return Task.FromResult(AuthenticateResult.Fail("Unknown service credential."));
        }
        var identity = new ClaimsIdentity([new Claim(ServiceCredentials.ServiceClaim, caller)], Scheme.Name, ServiceCredentials.ServiceClaim, null);
        return Task.FromResult(AuthenticateResult.Success(new AuthenticationTicket(new ClaimsPrincipal(identity), Scheme.Name)));
    }

    protected override async Task HandleChallengeAsync(AuthenticationProperties properties)
    {
        Response.Headers.WWWAuthenticate = ServiceCredentials.Scheme;
        await Problem(StatusCodes.Status401Unauthorized, "Unauthorized", "This internal API needs the calling service's credential.");
    }

    protected override Task HandleForbiddenAsync(AuthenticationProperties properties) =>
        Problem(StatusCodes.Status403Forbidden, "Forbidden", "This service may not call this internal API.");

    private Task Problem(int status, string title, string detail) =>
        Results.Problem(statusCode: status, title: title, detail: detail).ExecuteAsync(Context);
}
