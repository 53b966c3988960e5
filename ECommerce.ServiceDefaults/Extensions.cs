using System.Text.Json;
using ECommerce.ServiceDefaults.Health;
using ECommerce.ServiceDefaults.Http;
using ECommerce.ServiceDefaults.OpenApi;
using ECommerce.ServiceDefaults.Resilience;
using ECommerce.ServiceDefaults.Telemetry;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Routing;
using Microsoft.AspNetCore.Http.Json;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace ECommerce.ServiceDefaults;

/// <summary>
/// The defaults every ECommerce process starts with, in the shape of .NET Aspire's ServiceDefaults project.
/// </summary>
public static class Extensions
{
    /// <summary>
    /// Web services: telemetry over OTLP, health checks, configuration-based service discovery, resilient
    /// HttpClients, ProblemDetails and the one JSON configuration used by every API.
    /// </summary>
    public static TBuilder AddServiceDefaults<TBuilder>(this TBuilder builder) where TBuilder : IHostApplicationBuilder
    {
        builder.AddWorkerDefaults();
        builder.Services.AddProblemDetails();
        builder.Services.AddManagementEndpoints(builder.Configuration);
        builder.Services.AddExceptionHandler<BadRequestExceptionHandler>();
        builder.Services.AddExceptionHandler<DependencyUnavailableExceptionHandler>();
        // Which server answers is nobody's business outside.
        builder.Services.Configure<Microsoft.AspNetCore.Server.Kestrel.Core.KestrelServerOptions>(kestrel => kestrel.AddServerHeader = false);
        ValidationNames.UseSnakeCase();
        // Binding failures are thrown, so the handler above can answer them with a ProblemDetails instead of an empty 400.
        builder.Services.Configure<RouteHandlerOptions>(options => options.ThrowOnBadRequest = true);
        builder.Services.Configure<JsonOptions>(options =>
        {
            JsonDefaults.Apply(options.SerializerOptions);
            // Every decimal a request carries is an amount of money (prices, payment amounts).
            options.SerializerOptions.Converters.Add(new MoneyJsonConverter());
        });
        builder.Services.AddDefaultOpenApi();
        return builder;
    }

    /// <summary>
    /// Workers and functions: the same telemetry, health checks, discovery and HttpClient resilience,
    /// without anything that needs a web server.
    /// </summary>
    public static TBuilder AddWorkerDefaults<TBuilder>(this TBuilder builder) where TBuilder : IHostApplicationBuilder
    {
        builder.ConfigureOpenTelemetry();
        builder.AddDefaultHealthChecks();
        builder.Services.AddServiceDiscovery();
        builder.Services.ConfigureHttpClientDefaults(http =>
        {
            http.AddSafeStandardResilienceHandler();
            http.AddServiceDiscovery();
        });
        return builder;
    }

    /// <summary>
    /// The request pipeline every service shares, in this order: every error becomes a ProblemDetails (exceptions
    /// as a 500 without internals, bare status codes such as 404 or 405 with a body), then authentication and
    /// authorization when the service has them — placed here explicitly, so that their failures (a session store
    /// that cannot be reached) are inside the error handling rather than before it.
    /// </summary>
    public static WebApplication UseServiceDefaults(this WebApplication app)
    {
        app.UseExceptionHandler();
        app.UseStatusCodePages();
        if (app.Services.GetService<IAuthenticationSchemeProvider>() is not null)
        {
            app.UseAuthentication();
            app.UseAuthorization();
        }
        return app;
    }

    /// <summary>
    /// Maps <c>/health</c> (ready: every check) and <c>/metrics</c> (Prometheus text) for operators, <c>/alive</c>
    /// (liveness: the process answers), and the service's OpenAPI document at <c>/openapi/v1.json</c> (the gateway
    /// publishes them all in one place).
    /// </summary>
    public static WebApplication MapDefaultEndpoints(this WebApplication app)
    {
        app.MapHealthEndpoints();
        app.MapPrometheusScrapingEndpoint(ManagementEndpoints.MetricsPath);
        app.MapOpenApi();
        return app;
    }
}

/// <summary>The JSON shape of every ECommerce API and event (defined with the contracts, which carry it).</summary>
public static class JsonDefaults
{
    public static JsonSerializerOptions Options => ECommerce.Contracts.ContractJson.Options;

    public static JsonSerializerOptions Apply(JsonSerializerOptions options) => ECommerce.Contracts.ContractJson.Apply(options);
}
