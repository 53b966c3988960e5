using ECommerce.Gateway.Routing;
using Scalar.AspNetCore;
using Yarp.ReverseProxy.Configuration;

namespace ECommerce.Gateway.OpenApi;

/// <summary>
/// Every service's OpenAPI document in one place: <c>/openapi/{service}.json</c> is the service's own
/// <c>/openapi/v1.json</c>, fetched through the proxy; <c>/openapi</c> lists them, and in Development <c>/scalar</c>
/// shows them as an interactive page.
/// </summary>
public static class OpenApiDocuments
{
    public const string ApiReferencePath = "/scalar";

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

    /// <summary>
    /// The interactive page over every service's document, whose requests go through this gateway (the documents
    /// name no server). A developer's tool: in any other environment the path is a 404, like any unknown one.
    /// </summary>
    public static WebApplication MapApiReference(this WebApplication app)
    {
        if (!app.Environment.IsDevelopment())
        {
            return app;
        }
        // Its script comes from the package. Nothing leaves the machine: no fonts from a CDN, no telemetry, no AI
        // agent (it would send the documents out), no toolbar of hosted services. The bearer scheme is not preselected:
        // the page would then send an empty Authorization header on anonymous operations too, which this gateway refuses.
        app.MapScalarApiReference(ApiReferencePath, options => options
            .WithTitle("ECommerce API")
            .AddDocuments(GatewayRoutes.ProxiedServices)
            .DisableDefaultFonts()
            .DisableTelemetry()
            .DisableAgent()
            .HideDeveloperTools()).AllowAnonymous();
        return app;
    }
}
