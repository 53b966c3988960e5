using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Diagnostics.HealthChecks;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Hosting;

namespace ECommerce.ServiceDefaults.Health;

/// <summary><c>/health</c> and <c>/alive</c>, as Aspire's ServiceDefaults maps them.</summary>
public static class HealthEndpoints
{
    public const string HealthPath = "/health";
    public const string AlivePath = "/alive";
    public const string LiveTag = "live";

    // Checks keep the names they were registered with (Aspire's "PostgreSql", say), not a snake_case rendering.
    private static readonly System.Text.Json.JsonSerializerOptions ReportJson = new(JsonDefaults.Options) { DictionaryKeyPolicy = null };

    public static TBuilder AddDefaultHealthChecks<TBuilder>(this TBuilder builder) where TBuilder : IHostApplicationBuilder
    {
        builder.Services.AddHealthChecks().AddCheck("self", () => HealthCheckResult.Healthy(), [LiveTag]);
        return builder;
    }

    public static WebApplication MapHealthEndpoints(this WebApplication app)
    {
        app.MapHealthChecks(HealthPath, new HealthCheckOptions { ResponseWriter = WriteReport });
        app.MapHealthChecks(AlivePath, new HealthCheckOptions
        {
            Predicate = check => check.Tags.Contains(LiveTag),
            ResponseWriter = WriteReport,
        });
        return app;
    }

    // A short JSON report, so a person (or the AppHost) sees which dependency is failing, without exception details.
    private static Task WriteReport(HttpContext context, HealthReport report)
    {
        context.Response.ContentType = "application/json";
        var body = new
        {
            status = report.Status.ToString(),
            checks = report.Entries.ToDictionary(e => e.Key, e => new { status = e.Value.Status.ToString(), description = e.Value.Description }),
        };
        return context.Response.WriteAsJsonAsync(body, ReportJson);
    }
}
