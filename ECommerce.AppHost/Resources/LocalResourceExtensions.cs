using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace ECommerce.AppHost.Resources;

/// <summary>What the local infrastructure resources share: where they keep data, and how they report ready.</summary>
public static class LocalResourceExtensions
{
    /// <summary>
    /// The folder the local infrastructure keeps its data in between runs: <c>AppHost:DataDirectory</c>, else
    /// <c>.apphost/</c> in the checkout. Delete it to start from nothing.
    /// </summary>
    public static string DataDirectory(this IDistributedApplicationBuilder builder, string resourceName)
    {
        var root = builder.Configuration["AppHost:DataDirectory"] is { Length: > 0 } configured
            ? Path.GetFullPath(configured)
            : Path.Combine(builder.RepositoryRoot(), ".apphost");
        var path = Path.Combine(root, resourceName);
        Directory.CreateDirectory(path);
        return path;
    }

    /// <summary>The checkout: the nearest folder above the AppHost project (or a program built like it) with the solution.</summary>
    public static string RepositoryRoot(this IDistributedApplicationBuilder builder)
    {
        for (var directory = new DirectoryInfo(builder.AppHostDirectory); directory is not null; directory = directory.Parent)
        {
            if (File.Exists(Path.Combine(directory.FullName, "ECommerce.sln")))
            {
                return directory.FullName;
            }
        }
        throw new DistributedApplicationException($"No ECommerce.sln above {builder.AppHostDirectory}: run the AppHost from its checkout.");
    }

    /// <summary>
    /// Tests ask Aspire for random ports (DcpPublisher:RandomizePorts); the AppHost's own listeners follow the same
    /// switch, so a test graph never collides with a graph a person is running.
    /// </summary>
    public static bool RandomizesPorts(this IDistributedApplicationBuilder builder) =>
        builder.Configuration.GetValue<bool>("DcpPublisher:RandomizePorts");

    /// <summary>
    /// An endpoint the process itself listens on, on 127.0.0.1 only, with no proxy in front: <paramref name="stablePort"/>
    /// for a person, a free port in tests. Without a proxy every hop of the order path is one connection shorter, and
    /// the gateway sees each client's own address (its rate limits are per client).
    /// </summary>
    public static IResourceBuilder<T> WithLoopbackEndpoint<T>(this IResourceBuilder<T> builder, string name, string scheme, int stablePort, string? env = null)
        where T : IResourceWithEndpoints
    {
        int? port = builder.ApplicationBuilder.RandomizesPorts() || stablePort == 0 ? null : stablePort;
        return builder
            .WithEndpoint(port: port, targetPort: port, scheme: scheme, name: name, env: env, isProxied: false)
            .WithEndpoint(name, endpoint => endpoint.TargetHost = "127.0.0.1");
    }

    /// <summary>
    /// Fails the AppHost's start with the fix when something a resource runs is not installed. Publishing runs nothing
    /// locally, so it needs none of it.
    /// </summary>
    public static void Require(this IDistributedApplicationBuilder builder, bool present, string resourceName, string what, string installCommand)
    {
        if (!present && builder.ExecutionContext.IsRunMode)
        {
            throw new DistributedApplicationException(
                $"{resourceName} needs {what}: run `{installCommand}` (the README's run and test commands install everything).");
        }
    }

    public static bool OnPath(string command) =>
        (Environment.GetEnvironmentVariable("PATH") ?? "").Split(':', StringSplitOptions.RemoveEmptyEntries)
            .Any(dir => File.Exists(Path.Combine(dir, command)));

    /// <summary>
    /// Reports the resource healthy once <paramref name="probe"/> passes — the probe both checks that the resource
    /// serves and provisions what the graph declares, so <c>WaitFor</c> means ready to use, not merely started.
    /// </summary>
    public static IResourceBuilder<T> WithReadinessProbe<T>(this IResourceBuilder<T> builder, Func<IServiceProvider, CancellationToken, Task> probe)
        where T : IResource
    {
        var key = $"{builder.Resource.Name}_ready";
        builder.ApplicationBuilder.Services.AddHealthChecks().Add(new HealthCheckRegistration(key,
            services => new ProbeHealthCheck(ct => probe(services, ct)), HealthStatus.Unhealthy, tags: null));
        return builder.WithHealthCheck(key);
    }

    /// <summary>The resource's own log, shown beside its output in the dashboard.</summary>
    public static Microsoft.Extensions.Logging.ILogger ResourceLogger(this IServiceProvider services, IResource resource) =>
        services.GetRequiredService<ResourceLoggerService>().GetLogger(resource);

    private sealed class ProbeHealthCheck(Func<CancellationToken, Task> probe) : IHealthCheck
    {
        public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
        {
            try
            {
                await probe(cancellationToken);
                return HealthCheckResult.Healthy();
            }
            catch (Exception exception) when (exception is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
            {
                return HealthCheckResult.Unhealthy(exception.GetBaseException().Message, exception);
            }
        }
    }
}

/// <summary>A piece of work that runs once when it first succeeds, and again on the next call when it failed.</summary>
public sealed class OnceSucceeded(Func<CancellationToken, Task> work)
{
    private readonly SemaphoreSlim _gate = new(1, 1);
    private bool _done;

    public async Task RunAsync(CancellationToken cancellationToken)
    {
        await _gate.WaitAsync(cancellationToken);
        try
        {
            if (!_done)
            {
                await work(cancellationToken);
                _done = true;
            }
        }
        finally
        {
            _gate.Release();
        }
    }
}
