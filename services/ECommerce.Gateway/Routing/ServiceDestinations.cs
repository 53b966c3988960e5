using Yarp.ReverseProxy.Configuration;

namespace ECommerce.Gateway.Routing;

/// <summary>
/// A service's instances from the discovery configuration (<c>services__{name}__http__N</c>), each a YARP
/// destination; with no entry, the logical name itself, for DNS to resolve (a Kubernetes Service).
/// </summary>
public static class ServiceDestinations
{
    public static IReadOnlyDictionary<string, DestinationConfig> For(IConfiguration configuration, string service)
    {
        var endpoints = configuration.GetSection($"services:{service}:http").GetChildren()
            .Where(entry => !string.IsNullOrWhiteSpace(entry.Value))
            .ToDictionary(entry => $"{service}-{entry.Key}", entry => new DestinationConfig { Address = entry.Value! });
        return endpoints.Count > 0
            ? endpoints
            : new Dictionary<string, DestinationConfig> { [$"{service}-dns"] = new() { Address = $"http://{service}" } };
    }
}
