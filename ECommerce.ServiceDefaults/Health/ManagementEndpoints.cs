using System.Net;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace ECommerce.ServiceDefaults.Health;

/// <summary>
/// Keeps what is for operators — <c>/health</c> with its per-dependency report, <c>/metrics</c> — off the port that
/// serves the API. With <c>Management:Port</c> set (the AppHost gives every service a <c>management</c> endpoint; a
/// Kubernetes probe or a Prometheus scrape targets that port), they answer there and nowhere else, and that port
/// answers nothing else. Without it, they answer loopback callers only. <c>/alive</c> answers everywhere: it says
/// nothing but "the process serves".
/// </summary>
public static class ManagementEndpoints
{
    public const string PortKey = "Management:Port";
    public const string MetricsPath = "/metrics";

    public static IServiceCollection AddManagementEndpoints(this IServiceCollection services, IConfiguration configuration)
    {
        var port = configuration.GetValue<int?>(PortKey);
        // First in the pipeline, before any service's own middleware: the rule holds whatever the service maps.
        return services.AddSingleton<IStartupFilter>(new ManagementStartupFilter(port));
    }

    public static bool IsManagementPath(PathString path) =>
        path.StartsWithSegments(HealthEndpoints.HealthPath) || path.StartsWithSegments(MetricsPath);

    private sealed class ManagementStartupFilter(int? managementPort) : IStartupFilter
    {
        public Action<IApplicationBuilder> Configure(Action<IApplicationBuilder> next) => app =>
        {
            app.Use(async (context, nextMiddleware) =>
            {
                if (Allowed(context))
                {
                    await nextMiddleware(context);
                    return;
                }
                // As if nothing were there: a 404 says no more about the management port than a missing page does.
                context.Response.StatusCode = StatusCodes.Status404NotFound;
                if (context.RequestServices.GetService<IProblemDetailsService>() is { } problems)
                {
                    await problems.TryWriteAsync(new ProblemDetailsContext { HttpContext = context });
                }
            });
            next(app);
        };

        private bool Allowed(HttpContext context)
        {
            var forManagement = IsManagementPath(context.Request.Path);
            if (managementPort is { } port)
            {
                var onManagementPort = context.Connection.LocalPort == port;
                return forManagement == onManagementPort || context.Request.Path.StartsWithSegments(HealthEndpoints.AlivePath);
            }
            return !forManagement || context.Connection.RemoteIpAddress is { } address && IPAddress.IsLoopback(address);
        }
    }
}
