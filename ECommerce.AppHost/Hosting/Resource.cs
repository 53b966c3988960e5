namespace ECommerce.AppHost.Hosting;

public enum ResourceState
{
    NotStarted,
    Starting,
    Running,
    External,
    Exited,
    FailedToStart,
    Stopping,
    Stopped,
}

/// <summary>
/// A node of the application graph. A resource starts once everything it waits for is running, and counts as
/// running only when its readiness probe has passed and its provisioning (tables, queues, topics) is done.
/// </summary>
public abstract class Resource(string name)
{
    public string Name { get; } = name;

    /// <summary>The kind shown in the summary and the state file: postgres, kafka, project, …</summary>
    public abstract string Kind { get; }

    public ResourceState State { get; internal set; } = ResourceState.NotStarted;

    /// <summary>Resources that must be running before this one starts.</summary>
    public List<Resource> Dependencies { get; } = [];

    /// <summary>Named endpoints, once started: "tcp", "http".</summary>
    public Dictionary<string, string> Endpoints { get; } = [];

    /// <summary>Environment a project receives from <c>WithReference(this)</c>.</summary>
    public virtual IEnumerable<KeyValuePair<string, string>> GetReferenceEnvironment() => [];

    /// <summary>Set when configuration points this resource at an existing endpoint; nothing is started for it.</summary>
    public virtual bool IsExternal => false;

    /// <summary>The process that runs it, when it is a child process of the AppHost.</summary>
    public Processes.ManagedProcess? Process { get; protected set; }

    public string? LogFile { get; internal set; }

    /// <summary>What the summary shows in its pid column.</summary>
    public virtual string ProcessSummary => Process?.Pid.ToString() ?? (IsExternal ? "external" : "in-host");

    /// <summary>Starts the resource and returns when it is ready to serve.</summary>
    public abstract Task StartAsync(ResourceContext context, CancellationToken cancellationToken);

    public virtual async Task StopAsync(CancellationToken cancellationToken)
    {
        if (Process is not null)
        {
            await Process.StopAsync(TimeSpan.FromSeconds(15));
        }
    }

    public override string ToString() => $"{Kind} '{Name}'";
}

/// <summary>A resource that hands a connection string to the projects that reference it.</summary>
public interface IResourceWithConnectionString
{
    string Name { get; }

    string? ConnectionString { get; }
}

/// <summary>Fails a start with a message that names the resource, the cause and what to do.</summary>
public class ResourceStartException(string message) : Exception(message);
