using ECommerce.Gateway.Limits;
using ECommerce.ServiceDefaults;
using ECommerce.ServiceDefaults.Authentication;
using Yarp.ReverseProxy.Configuration;
using Yarp.ReverseProxy.Forwarder;

namespace ECommerce.Gateway.Routing;

/// <summary>
/// What the gateway exposes, and nothing more: the public APIs of the services under <c>/api/v1</c> and their
/// OpenAPI documents. <c>/internal</c> matches no route, so it is a 404 here whatever a service serves there.
/// </summary>
public static class GatewayRoutes
{
    /// <summary>Gateway-side authorization policy names (YARP's "anonymous" and "default" are built in).</summary>
    public const string Anonymous = "anonymous";
    public const string Authenticated = "default";

    private static readonly string[] Writes = ["POST", "PUT", "PATCH", "DELETE"];

    public static readonly string[] ProxiedServices = [ResourceNames.Users, ResourceNames.Products, ResourceNames.Orders, ResourceNames.Payments];

    public static IReadOnlyList<RouteConfig> Routes(GatewayOptions options) =>
    [
        // Registration and sign-in are open, and have their own, stricter rate limits.
        Route("users-register", ResourceNames.Users, "/api/v1/users", Anonymous, methods: ["POST"], rateLimit: RateLimitPolicies.Registration, order: 0),
        Route("auth-login", ResourceNames.Users, "/api/v1/auth/login", Anonymous, methods: ["POST"], rateLimit: RateLimitPolicies.SignIn, order: 0),
        Route("users", ResourceNames.Users, "/api/v1/users/{**rest}", Authenticated),
        Route("auth", ResourceNames.Users, "/api/v1/auth/{**rest}", Authenticated),

        // The catalog is public to read; writing it needs an administrator, checked here and again by the service.
        Route("products-read", ResourceNames.Products, "/api/v1/products/{**rest}", Anonymous, methods: ["GET", "HEAD"], order: 0),
        Route("categories-read", ResourceNames.Products, "/api/v1/categories/{**rest}", Anonymous, methods: ["GET", "HEAD"], order: 0),
        Route("products-images-write", ResourceNames.Products, "/api/v1/products/{id}/images/{**rest}", Policies.Admin,
            methods: Writes, maxBodyBytes: options.MaxImageUploadBytes, order: 0),
        Route("products-write", ResourceNames.Products, "/api/v1/products/{**rest}", Policies.Admin, methods: Writes),
        Route("categories-write", ResourceNames.Products, "/api/v1/categories/{**rest}", Policies.Admin, methods: Writes),

        Route("carts", ResourceNames.Orders, "/api/v1/carts/{**rest}", Authenticated),
        Route("orders", ResourceNames.Orders, "/api/v1/orders/{**rest}", Authenticated),
        Route("payments", ResourceNames.Payments, "/api/v1/payments/{**rest}", Authenticated),
    ];

    /// <summary>
    /// One cluster per service, addressed by its logical name: service discovery's destination resolver turns
    /// <c>http://users</c> into the instances in <c>services__users__http__N</c>, or leaves it to DNS (a Kubernetes Service).
    /// </summary>
    public static IReadOnlyList<ClusterConfig> Clusters(GatewayOptions options) =>
        ProxiedServices.Select(service => new ClusterConfig
        {
            ClusterId = service,
            Destinations = new Dictionary<string, DestinationConfig> { [service] = new() { Address = $"http://{service}" } },
            HttpRequest = new ForwarderRequestConfig { ActivityTimeout = options.UpstreamTimeout },
        }).ToList();

    private static RouteConfig Route(string id, string cluster, string path, string policy,
        string[]? methods = null, string? rateLimit = null, long? maxBodyBytes = null, int order = 1) => new()
    {
        RouteId = id,
        ClusterId = cluster,
        Order = order,
        Match = new RouteMatch { Path = path, Methods = methods },
        AuthorizationPolicy = policy,
        RateLimiterPolicy = rateLimit,
        MaxRequestBodySize = maxBodyBytes,
    };
}
