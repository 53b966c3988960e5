using Microsoft.Extensions.DependencyInjection;

namespace ECommerce.ServiceDefaults.Discovery;

/// <summary>
/// Configuration-based service discovery with the method names of Microsoft.Extensions.ServiceDiscovery,
/// which is not in the registry copy here.
/// </summary>
public static class ServiceDiscoveryExtensions
{
    public static IServiceCollection AddConfigurationServiceDiscovery(this IServiceCollection services)
    {
        services.AddSingleton<ServiceEndpointResolver>();
        services.AddTransient<ServiceDiscoveryHandler>();
        return services;
    }

    public static IHttpClientBuilder AddServiceDiscovery(this IHttpClientBuilder builder) =>
        builder.AddHttpMessageHandler<ServiceDiscoveryHandler>();
}

/// <summary>Rewrites each request's logical address to a resolved endpoint just before it is sent.</summary>
public sealed class ServiceDiscoveryHandler(ServiceEndpointResolver resolver) : DelegatingHandler
{
    protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        if (request.RequestUri is { IsAbsoluteUri: true } uri)
        {
            request.RequestUri = resolver.Resolve(uri);
        }
        return base.SendAsync(request, cancellationToken);
    }
}
