using System.Net;
using System.Net.Sockets;
using ECommerce.AppHost.Hosting.Processes;
using Microsoft.Extensions.Configuration;

namespace ECommerce.AppHost.Hosting;

/// <summary>What a resource needs from the AppHost while it starts: options, ports, logs, processes, progress.</summary>
public sealed class ResourceContext(AppHostOptions options, IConfiguration configuration, Progress progress)
{
    public AppHostOptions Options { get; } = options;

    public IConfiguration Configuration { get; } = configuration;

    public Progress Progress { get; } = progress;

    /// <summary>The resource's stable port, or a free one when ports are dynamic.</summary>
    public int AllocatePort(Resource resource, int defaultPort)
    {
        var configured = Configuration.GetValue<int?>($"AppHost:Resources:{resource.Name}:Port");
        if (configured is { } fixedPort)
        {
            return EnsureFree(resource, fixedPort);
        }
        if (Options.DynamicPorts || defaultPort == 0)
        {
            using var listener = new TcpListener(IPAddress.Loopback, 0);
            listener.Start();
            return ((IPEndPoint)listener.LocalEndpoint).Port;
        }
        return EnsureFree(resource, defaultPort);
    }

    public string DataDirectoryFor(Resource resource)
    {
        var path = Path.Combine(Options.DataDirectory, resource.Name);
        Directory.CreateDirectory(path);
        return path;
    }

    public ResourceLog OpenLog(Resource resource)
    {
        var log = new ResourceLog(resource.Name, Path.Combine(Options.LogDirectory, $"{resource.Name}.log"), Options.EchoLogs);
        resource.LogFile = log.Path;
        return log;
    }

    private static int EnsureFree(Resource resource, int port)
    {
        try
        {
            using var listener = new TcpListener(IPAddress.Loopback, port);
            listener.Start();
            return port;
        }
        catch (SocketException)
        {
            throw new ResourceStartException(
                $"Port {port} for {resource} is already in use (another AppHost, or a system service?). " +
                $"Stop what holds it (`ss -ltnp 'sport = :{port}'`), or set AppHost__Resources__{resource.Name}__Port.");
        }
    }
}

/// <summary>Progress lines for a person watching the AppHost start and stop.</summary>
public sealed class Progress(bool quiet)
{
    private static readonly Lock Gate = new();

    public void Report(string message)
    {
        if (quiet)
        {
            return;
        }
        lock (Gate)
        {
            Console.Out.WriteLine($"apphost    | {message}");
        }
    }
}
