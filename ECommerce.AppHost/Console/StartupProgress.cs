using System.Collections.Concurrent;
using System.Diagnostics;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace ECommerce.AppHost.Console;

/// <summary>
/// Tells a person in the terminal what the graph is doing while it starts: each resource's state and health as it
/// changes, and one line when everything is healthy (with the time it took). The dashboard shows the rest.
/// </summary>
public sealed class StartupProgress(ResourceNotificationService notifications, DistributedApplicationModel model, ILogger<StartupProgress> log)
    : BackgroundService
{
    private readonly ConcurrentDictionary<string, string> _reported = new();

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var started = Process.GetCurrentProcess().StartTime.ToUniversalTime();
        var watched = model.Resources.Where(r => r is not ParameterResource && !r.TryGetAnnotationsOfType<HiddenAnnotation>(out _))
            .Select(r => r.Name).ToHashSet();
        var healthy = new HashSet<string>();
        var allHealthyReported = false;
        try
        {
            await foreach (var update in notifications.WatchAsync(stoppingToken))
            {
                var name = update.Resource.Name;
                if (!watched.Contains(name))
                {
                    continue;
                }
                var state = update.Snapshot.State?.Text ?? "?";
                var health = update.Snapshot.HealthStatus?.ToString();
                var line = health is null || state != KnownResourceStates.Running ? state : $"{state}, {health}";
                if (_reported.GetValueOrDefault(name) != line)
                {
                    _reported[name] = line;
                    log.LogInformation("{Resource,-14} {State}", name, line);
                }
                if (state == KnownResourceStates.Running && update.Snapshot.HealthStatus is Microsoft.Extensions.Diagnostics.HealthChecks.HealthStatus.Healthy)
                {
                    healthy.Add(name);
                }
                else
                {
                    healthy.Remove(name);
                }
                if (!allHealthyReported && healthy.IsSupersetOf(watched))
                {
                    allHealthyReported = true;
                    log.LogInformation("All {Count} resources are healthy, {Seconds:0.0} s after the AppHost started.", watched.Count, (DateTime.UtcNow - started).TotalSeconds);
                }
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
        }
    }
}

public static class StartupProgressExtensions
{
    public static IDistributedApplicationBuilder AddStartupProgress(this IDistributedApplicationBuilder builder)
    {
        // First among the hosted services, so it watches while Aspire's orchestrator starts the graph.
        builder.Services.Insert(0, ServiceDescriptor.Singleton<IHostedService, StartupProgress>());
        return builder;
    }
}
