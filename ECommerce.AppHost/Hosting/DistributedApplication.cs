using System.Diagnostics;
using System.Runtime.InteropServices;
using ECommerce.AppHost.Resources.Projects;
using Microsoft.Extensions.Configuration;

namespace ECommerce.AppHost.Hosting;

/// <summary>
/// The running graph. Resources start as soon as what they wait for is ready (independent ones in parallel) and
/// stop in the reverse order. Everything the AppHost starts is a child process, or lives inside it (Kafka).
/// </summary>
public sealed class DistributedApplication : IAsyncDisposable
{
    private readonly List<Resource> _resources;
    private readonly List<Resource> _startOrder = [];
    private readonly Lock _startOrderGate = new();
    private readonly CancellationTokenSource _stopping = new();
    private readonly GraphStateFile _stateFile;
    private bool _started;
    private bool _stopped;

    internal DistributedApplication(List<Resource> resources, IConfiguration configuration, AppHostOptions options)
    {
        _resources = resources;
        Options = options;
        Context = new ResourceContext(options, configuration, new Progress(quiet: !options.EchoLogs));
        _stateFile = new GraphStateFile(options.StateFile);
        DependencyOrder.Validate(resources);
    }

    public static DistributedApplicationBuilder CreateBuilder(string[] args) => new(args);

    public AppHostOptions Options { get; }

    public ResourceContext Context { get; }

    public IReadOnlyList<Resource> Resources => _resources;

    public T GetResource<T>(string name) where T : Resource =>
        _resources.OfType<T>().SingleOrDefault(r => r.Name == name)
        ?? throw new KeyNotFoundException($"No {typeof(T).Name} named '{name}' in the graph.");

    public string GetConnectionString(string name) =>
        (_resources.OfType<IResourceWithConnectionString>().SingleOrDefault(r => r.Name == name)
            ?? throw new KeyNotFoundException($"No resource named '{name}' has a connection string."))
        .ConnectionString ?? throw new InvalidOperationException($"'{name}' has not started yet.");

    /// <summary>Runs until Ctrl+C or SIGTERM, then stops everything; a failed start stops what had started.</summary>
    public void Run() => RunAsync().GetAwaiter().GetResult();

    public async Task RunAsync()
    {
        var shutdown = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        using var sigint = PosixSignalRegistration.Create(PosixSignal.SIGINT, OnSignal);
        using var sigterm = PosixSignalRegistration.Create(PosixSignal.SIGTERM, OnSignal);
        try
        {
            await StartAsync();
            Context.Progress.Report("Press Ctrl+C to stop.");
            await shutdown.Task;
        }
        catch (ResourceStartException exception)
        {
            Console.Error.WriteLine($"apphost    | FAILED: {exception.Message}");
            Environment.ExitCode = 1;
        }
        catch (OperationCanceledException) when (_stopping.IsCancellationRequested)
        {
            // Ctrl+C while starting: fall through to a clean stop.
        }
        finally
        {
            await StopAsync();
        }

        void OnSignal(PosixSignalContext signal)
        {
            signal.Cancel = true;
            Context.Progress.Report($"{signal.Signal} received: stopping.");
            _stopping.Cancel();
            shutdown.TrySetResult();
        }
    }

    public async Task StartAsync(CancellationToken cancellationToken = default)
    {
        if (_started)
        {
            throw new InvalidOperationException("The application has already been started.");
        }
        _started = true;
        var clock = Stopwatch.StartNew();
        Directory.CreateDirectory(Options.DataDirectory);
        _stateFile.TakeOver(Context.Progress);
        Prerequisites.Check(_resources.Where(r => !r.IsExternal), Options);

        using var linked = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, _stopping.Token);
        // Projects build while the infrastructure starts; each project waits for the build, then for its references.
        var build = ProjectBuilder.BuildAsync(_resources.OfType<IResourceWithProject>().ToList(), Context, linked.Token);
        var tasks = new Dictionary<Resource, Task>();
        foreach (var resource in DependencyOrder.Sort(_resources))
        {
            var dependencies = resource.Dependencies.Select(d => tasks[d]).Append(resource is IResourceWithProject ? build : Task.CompletedTask).ToArray();
            // Task.Run: a resource's start may block (the embedded Kafka's native calls) and must not hold up the others.
            tasks[resource] = Task.Run(() => StartWhenReadyAsync(resource, dependencies, linked.Token), CancellationToken.None);
        }

        try
        {
            await Task.WhenAll(tasks.Values.Append(build));
        }
        catch
        {
            // Report the first real cause, not a dependant's "dependency failed".
            var failure = tasks.Values.Append(build).Select(t => t.Exception?.GetBaseException())
                .FirstOrDefault(e => e is ResourceStartException && e is not DependencyFailedException);
            linked.Cancel();
            await Task.WhenAll(tasks.Values.Append(build).Select(t => t.ContinueWith(_ => { }, TaskScheduler.Default)));
            WriteState();
            if (failure is not null)
            {
                throw failure;
            }
            throw;
        }

        WriteState();
        foreach (var resource in _resources.Where(r => r.Process is not null))
        {
            _ = WatchForCrashAsync(resource);
        }
        Context.Progress.Report($"All {_resources.Count} resources are ready after {clock.Elapsed.TotalSeconds:0.0} s.");
        Summary.Print(_resources, Options, Context.Progress);
    }

    public async Task StopAsync()
    {
        if (_stopped)
        {
            return;
        }
        _stopped = true;
        _stopping.Cancel();
        Resource[] order;
        lock (_startOrderGate)
        {
            order = Enumerable.Reverse(_startOrder).ToArray();
        }
        foreach (var resource in order)
        {
            if (resource.State is ResourceState.Running or ResourceState.Exited or ResourceState.FailedToStart or ResourceState.Starting)
            {
                Context.Progress.Report($"stopping {resource.Name}");
                resource.State = ResourceState.Stopping;
                try
                {
                    await resource.StopAsync(CancellationToken.None);
                }
                catch (Exception exception)
                {
                    Console.Error.WriteLine($"apphost    | {resource} did not stop cleanly: {exception.Message}");
                }
                resource.State = ResourceState.Stopped;
            }
        }
        WriteState();
        _stateFile.Release();
        Context.Progress.Report("All resources stopped.");
    }

    public async ValueTask DisposeAsync() => await StopAsync();

    private async Task StartWhenReadyAsync(Resource resource, Task[] dependencies, CancellationToken cancellationToken)
    {
        try
        {
            await Task.WhenAll(dependencies);
        }
        catch
        {
            throw new DependencyFailedException(resource);
        }

        cancellationToken.ThrowIfCancellationRequested();
        if (resource.IsExternal)
        {
            resource.State = ResourceState.External;
            Context.Progress.Report($"{resource.Name}: using the existing endpoint from configuration; nothing to start");
            return;
        }

        lock (_startOrderGate)
        {
            _startOrder.Add(resource);
        }
        var clock = Stopwatch.StartNew();
        resource.State = ResourceState.Starting;
        Context.Progress.Report($"starting {resource}");
        try
        {
            await resource.StartAsync(Context, cancellationToken);
        }
        catch (Exception exception) when (exception is not ResourceStartException and not OperationCanceledException)
        {
            resource.State = ResourceState.FailedToStart;
            throw new ResourceStartException($"{resource} failed to start: {exception.GetBaseException().Message}");
        }
        catch
        {
            resource.State = ResourceState.FailedToStart;
            throw;
        }
        resource.State = ResourceState.Running;
        WriteState();
        Context.Progress.Report($"{resource.Name} is ready ({clock.Elapsed.TotalSeconds:0.0} s)");
    }

    private async Task WatchForCrashAsync(Resource resource)
    {
        var exitCode = await resource.Process!.Exited;
        if (resource.Process.StopRequested || _stopping.IsCancellationRequested)
        {
            return;
        }
        resource.State = ResourceState.Exited;
        WriteState();
        Console.Error.WriteLine(
            $"apphost    | {resource} exited unexpectedly with code {exitCode}. Last lines of {resource.Process.Log.Path}:\n  "
            + string.Join("\n  ", resource.Process.Log.Tail(20)));
    }

    private void WriteState() => _stateFile.Write(_resources);

    private sealed class DependencyFailedException(Resource resource)
        : ResourceStartException($"{resource} was not started because a resource it waits for failed.");
}
