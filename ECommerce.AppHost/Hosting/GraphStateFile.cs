using System.Text.Json;
using System.Text.Json.Serialization;
using ECommerce.AppHost.Hosting.Processes;

namespace ECommerce.AppHost.Hosting;

/// <summary>
/// The machine-readable description of the running graph: every resource's state, endpoints, PID and log file,
/// rewritten on each change. It also lets the next AppHost find processes that an AppHost killed with SIGKILL
/// left behind, and refuse to share a data folder with an AppHost that is still running.
/// </summary>
public sealed class GraphStateFile(string path)
{
    private static readonly JsonSerializerOptions Json = new()
    {
        WriteIndented = true,
        PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower,
        Converters = { new JsonStringEnumConverter(JsonNamingPolicy.SnakeCaseLower) },
    };

    private readonly Lock _gate = new();
    private bool _owned;

    public string Path { get; } = path;

    /// <summary>
    /// Claims the file for this AppHost, stopping what a previous one left running. Until it succeeds, this AppHost
    /// never writes the file: it may belong to another AppHost that is still running.
    /// </summary>
    public void TakeOver(Progress progress)
    {
        if (Read() is not { } previous)
        {
            _owned = true;
            return;
        }
        if (previous.AppHostPid != Environment.ProcessId && ProcessIdentity.IsAlive(previous.AppHostPid, previous.AppHostStartTicks))
        {
            throw new ResourceStartException(
                $"Another AppHost (pid {previous.AppHostPid}) is running with the data folder {System.IO.Path.GetDirectoryName(Path)}. " +
                "Stop it first, or give this one its own folder with AppHost__DataDirectory.");
        }
        foreach (var resource in previous.Resources.Where(r => r.Pid is { } pid && pid != Environment.ProcessId))
        {
            if (ProcessIdentity.IsAlive(resource.Pid!.Value, resource.PidStartTicks))
            {
                progress.Report($"stopping {resource.Name} (pid {resource.Pid}) left behind by an AppHost that did not shut down");
                ManagedProcess.SendTerm(resource.Pid.Value);
                for (var i = 0; i < 50 && ProcessIdentity.IsAlive(resource.Pid.Value, resource.PidStartTicks); i++)
                {
                    Thread.Sleep(100);
                }
                if (ProcessIdentity.IsAlive(resource.Pid.Value, resource.PidStartTicks))
                {
                    ManagedProcess.SendKill(resource.Pid.Value);
                }
            }
        }
        _owned = true;
    }

    public void Write(IEnumerable<Resource> resources)
    {
        if (!_owned)
        {
            return;
        }
        var state = new GraphState(
            Environment.ProcessId,
            ProcessIdentity.StartTimeTicks(Environment.ProcessId),
            DateTimeOffset.UtcNow,
            resources.Select(r => new ResourceSnapshot(
                r.Name,
                r.Kind,
                r.State,
                r.Endpoints.Count == 0 ? null : new Dictionary<string, string>(r.Endpoints),
                r.Process?.Pid,
                r.Process?.StartTimeTicks,
                r.LogFile,
                r.Dependencies.Select(d => d.Name).ToArray())).ToArray());
        lock (_gate)
        {
            var temporary = Path + ".tmp";
            File.WriteAllText(temporary, JsonSerializer.Serialize(state, Json));
            File.Move(temporary, Path, overwrite: true);
        }
    }

    /// <summary>Marks the file as no longer owned by a live AppHost (the PIDs it lists are gone).</summary>
    public void Release()
    {
        lock (_gate)
        {
            if (_owned && Read() is { } state)
            {
                File.WriteAllText(Path, JsonSerializer.Serialize(state with { AppHostPid = 0 }, Json));
            }
        }
    }

    public GraphState? Read()
    {
        try
        {
            return File.Exists(Path) ? JsonSerializer.Deserialize<GraphState>(File.ReadAllText(Path), Json) : null;
        }
        catch (JsonException)
        {
            return null;
        }
    }
}

public sealed record GraphState(int AppHostPid, long? AppHostStartTicks, DateTimeOffset UpdatedAt, ResourceSnapshot[] Resources);

public sealed record ResourceSnapshot(
    string Name,
    string Kind,
    ResourceState State,
    Dictionary<string, string>? Endpoints,
    int? Pid,
    long? PidStartTicks,
    string? LogFile,
    string[] DependsOn);
