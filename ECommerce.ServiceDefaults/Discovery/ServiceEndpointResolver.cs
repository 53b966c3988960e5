using Microsoft.Extensions.Configuration;

namespace ECommerce.ServiceDefaults.Discovery;

/// <summary>
/// Resolves a logical service address such as <c>http://users</c> to an endpoint from configuration, following
/// Aspire's convention <c>services__{name}__{endpoint}__{index}=http://127.0.0.1:5123</c>. A name with no entry is
/// left alone, so the same code resolves through DNS where the platform provides it (a Kubernetes Service).
/// </summary>
public sealed class ServiceEndpointResolver(IConfiguration configuration)
{
    private int _next;

    public Uri Resolve(Uri requested)
    {
        var section = configuration.GetSection($"services:{requested.Host}");
        if (!section.Exists() || !requested.IsDefaultPort)
        {
            return requested;
        }

        var endpoints = section.GetSection(requested.Scheme).GetChildren()
            .Select(entry => entry.Value)
            .Where(value => !string.IsNullOrWhiteSpace(value))
            .Select(value => new Uri(value!))
            .ToArray();
        if (endpoints.Length == 0)
        {
            return requested;
        }

        var chosen = endpoints[(int)((uint)Interlocked.Increment(ref _next) % endpoints.Length)];
        return new UriBuilder(requested) { Scheme = chosen.Scheme, Host = chosen.Host, Port = chosen.Port }.Uri;
    }
}
