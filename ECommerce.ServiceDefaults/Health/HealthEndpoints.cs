using System.Diagnostics;
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

    public static TBuilder AddDefaultHealthChecks<TBuilder>(this TBuilder builder) where TBuilder : IHostApplicationBuilder
    {
        builder.Services.AddHealthChecks().AddCheck("self", () => HealthCheckResult.Healthy(), [LiveTag]);
        return builder;
    }

    public static WebApplication MapHealthEndpoints(this WebApplication app)
    {
        // Probes arrive every few seconds; tracing them would bury the traces people look for.
        app.Use((context, next) =>
        {
            if (context.Request.Path.StartsWithSegments(HealthPath) || context.Request.Path.StartsWithSegments(AlivePath))
            {
                var activity = Activity.Current;
                if (activity is not null)
                {
                    activity.IsAllDataRequested = false;
                    activity.ActivityTraceFlags &= ~ActivityTraceFlags.Recorded;
                }
            }
            return next(context);
        });

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
        return context.Response.WriteAsJsonAsync(body, JsonDefaults.Options);
    }
}
