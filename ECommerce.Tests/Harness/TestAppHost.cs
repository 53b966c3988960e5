using Aspire.Hosting;
using Aspire.Hosting.ApplicationModel;
using Aspire.Hosting.Testing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace ECommerce.Tests.Harness;

/// <summary>
/// Builds the AppHost's own graph through Aspire.Hosting.Testing: random ports (Aspire's switch, which the local
/// infrastructure follows too), a throw-away data folder, and the service projects the test build already built.
/// </summary>
public static class TestAppHost
{
    public static string NewDataDirectory()
    {
        var directory = Directory.CreateTempSubdirectory("ecommerce-apphost-test-");
        // Temp folders are owner-only; the postgres user (the AppHost runs PostgreSQL as it under root) must enter it.
        directory.UnixFileMode |= UnixFileMode.GroupExecute | UnixFileMode.OtherExecute;
        return directory.FullName;
    }

    /// <param name="configuration">More AppHost configuration, as command-line arguments.</param>
    public static async Task<IDistributedApplicationTestingBuilder> CreateBuilderAsync(string dataDirectory, bool dashboard = false, params string[] configuration)
    {
        var builder = await DistributedApplicationTestingBuilder.CreateAsync<Projects.ECommerce_AppHost>(
            [$"--AppHost:DataDirectory={dataDirectory}", .. configuration],
            (options, _) => options.DisableDashboard = !dashboard);
        // The resources' own output stays in the dashboard and ResourceLoggerService; the test console gets their warnings.
        builder.Services.AddLogging(logging => logging
            .AddFilter("ECommerce.AppHost", LogLevel.Warning)
            .AddFilter("Aspire.Hosting", LogLevel.Warning));
        return builder;
    }

    /// <summary>
    /// Takes the services and the function out of the graph (with what Aspire added for each project), for tests about
    /// the infrastructure alone.
    /// </summary>
    public static void RemoveServices(this IDistributedApplicationTestingBuilder builder)
    {
        var services = builder.Resources.Where(r => r is ProjectResource or AppHost.Resources.Lambda.LambdaFunctionResource).ToList();
        foreach (var resource in builder.Resources.Where(r => services.Contains(r) || r is IResourceWithParent { Parent: ProjectResource }).ToList())
        {
            builder.Resources.Remove(resource);
        }
    }

    /// <summary>Starts the application and waits until every resource that runs is healthy.</summary>
    public static async Task StartAndWaitUntilHealthyAsync(this DistributedApplication app, TimeSpan timeout)
    {
        using var limit = new CancellationTokenSource(timeout);
        await app.StartAsync(limit.Token);
        var model = app.Services.GetRequiredService<DistributedApplicationModel>();
        await Task.WhenAll(model.Resources
            .Where(r => r is not ParameterResource && !r.TryGetAnnotationsOfType<HiddenAnnotation>(out _))
            .Select(r => app.ResourceNotifications.WaitForResourceHealthyAsync(r.Name, limit.Token)));
    }

    /// <summary>Deletes a data folder, including a cluster the AppHost put elsewhere for the postgres user.</summary>
    public static void DeleteDataDirectory(string dataDirectory)
    {
        try
        {
            Directory.Delete(dataDirectory, recursive: true);
        }
        catch (IOException)
        {
            // A process that is still flushing can hold a file for a moment; the temp folder is cleaned later anyway.
        }
    }

    public static T Resource<T>(this DistributedApplication app, string name) where T : IResource =>
        app.Services.GetRequiredService<DistributedApplicationModel>().Resources.OfType<T>().Single(r => r.Name == name);

    /// <summary>The address of a resource's HTTP endpoint, without the trailing slash.</summary>
    public static string HttpUrl(this DistributedApplication app, string name) => app.GetEndpoint(name, "http").ToString().TrimEnd('/');

    /// <summary>The address of a service's management endpoint (health report, Prometheus metrics).</summary>
    public static string ManagementUrl(this DistributedApplication app, string name) =>
        app.GetEndpoint(name, AppHost.ServiceExtensions.ManagementEndpoint).ToString().TrimEnd('/');
}
