using ECommerce.Gateway.Routing;
using Yarp.ReverseProxy.Configuration;

namespace ECommerce.Gateway.OpenApi;

/// <summary>
/// Every service's OpenAPI document in one place: <c>/openapi/{service}.json</c> is the service's own
/// <c>/openapi/v1.json</c>, fetched through the proxy; <c>/openapi</c> lists them.
/// </summary>
public static class OpenApiDocuments
{
    public static IEnumerable<RouteConfig> Routes() => GatewayRoutes.ProxiedServices.Select(service => new RouteConfig
    {
        RouteId = $"openapi-{service}",
        ClusterId = service,
        Match = new RouteMatch { Path = $"/openapi/{service}.json", Methods = ["GET"] },
        AuthorizationPolicy = GatewayRoutes.Anonymous,
        Transforms = [new Dictionary<string, string> { ["PathSet"] = "/openapi/v1.json" }],
    });

    public static IEndpointRouteBuilder MapOpenApiIndex(this IEndpointRouteBuilder app)
    {
        app.MapGet("/openapi", () => TypedResults.Ok(new
        {
            documents = GatewayRoutes.ProxiedServices.ToDictionary(service => service, service => $"/openapi/{service}.json"),
        })).AllowAnonymous().ExcludeFromDescription();
        return app;
    }
}
