using ECommerce.Gateway.Correlation;
using ECommerce.Gateway.Limits;
using ECommerce.Gateway.Metrics;
using ECommerce.Gateway.OpenApi;
using ECommerce.Gateway.Routing;
using ECommerce.ServiceDefaults.Authentication;

namespace ECommerce.Gateway;

public static class GatewayServiceExtensions
{
    public static IHostApplicationBuilder AddGatewayServices(this IHostApplicationBuilder builder)
    {
        var options = builder.Configuration.GetSection(GatewayOptions.SectionName).Get<GatewayOptions>() ?? new GatewayOptions();
        var rateLimits = builder.Configuration.GetSection(RateLimitOptions.SectionName).Get<RateLimitOptions>() ?? new RateLimitOptions();

        builder.Services.Configure<Microsoft.AspNetCore.Server.Kestrel.Core.KestrelServerOptions>(kestrel =>
        {
            kestrel.Limits.MaxRequestBodySize = options.MaxRequestBodyBytes;
            kestrel.Limits.MaxRequestHeadersTotalSize = 16 * 1024;
            kestrel.Limits.MaxRequestHeaderCount = 64;
        });
        // The gateway reads every session itself: an attestation arriving from outside is never taken.
        builder.AddDefaultAuthentication(acceptGatewayAttestation: false);
        builder.Services.AddGatewayRateLimits(rateLimits);
        builder.Services.AddCors(cors => cors.AddDefaultPolicy(policy => policy
            .WithOrigins(options.AllowedOrigins)
            .WithMethods("GET", "POST", "PUT", "PATCH", "DELETE")
            .WithHeaders("Authorization", "Content-Type", "Idempotency-Key", CorrelationIdMiddleware.Header)
            .WithExposedHeaders(CorrelationIdMiddleware.Header, "Location", "Retry-After")));
        builder.Services.AddSingleton<GatewayMetrics>();
        builder.Services.AddReverseProxy()
            .LoadFromMemory([.. GatewayRoutes.Routes(options), .. OpenApiDocuments.Routes()], GatewayRoutes.Clusters(options))
            .AddServiceDiscoveryDestinationResolver();
        return builder;
    }

    public static IEndpointRouteBuilder MapGatewayProxy(this IEndpointRouteBuilder app)
    {
        app.MapReverseProxy(proxy => proxy.Use(async (context, next) =>
        {
            await next();
            if (context.GetForwarderErrorFeature() is { } failure)
            {
                await UpstreamFailures.AnswerAsync(context, failure);
            }
        }));
        return app;
    }
}
