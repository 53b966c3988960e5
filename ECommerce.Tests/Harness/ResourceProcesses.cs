using System.Globalization;
using Aspire.Hosting;
using Microsoft.Extensions.DependencyInjection;
using Aspire.Hosting.ApplicationModel;

namespace ECommerce.Tests.Harness;

/// <summary>The operating-system processes behind the graph's resources, for tests that freeze or count them.</summary>
public static class ResourceProcesses
{
    /// <summary>
    /// The process that serves a resource: the one Aspire started, or, for a project Aspire starts through
    /// <c>dotnet run</c>, the program that command runs.
    /// </summary>
    public static int ServingProcessId(this DistributedApplication app, string resourceName)
    {
        var notifications = app.Services.GetRequiredService<ResourceNotificationService>();
        if (!notifications.TryGetCurrentState(resourceName, out var state)
            || state.Snapshot.Properties.FirstOrDefault(p => p.Name == "executable.pid")?.Value is not { } value)
        {
            throw new InvalidOperationException($"{resourceName} has no process id yet.");
        }
        var pid = Convert.ToInt32(value, CultureInfo.InvariantCulture);
        while (CommandLine(pid) is ["dotnet", "run", ..] && Children(pid) is [var child])
        {
            pid = child;
        }
        return pid;
    }

    /// <summary>Every process below <paramref name="pid"/>, itself included, with its kernel start time.</summary>
    public static List<(int Pid, long StartTicks)> Tree(int pid)
    {
        var result = new List<(int, long)>();
        if (StartTicks(pid) is { } ticks)
        {
            result.Add((pid, ticks));
        }
        foreach (var child in Children(pid))
        {
            result.AddRange(Tree(child));
        }
        return result;
    }

    public static bool IsAlive(int pid, long startTicks) => StartTicks(pid) == startTicks;

    public static int[] Children(int pid)
    {
        try
        {
            return Directory.GetDirectories($"/proc/{pid}/task")
                .SelectMany(task => File.ReadAllText(Path.Combine(task, "children")).Split(' ', StringSplitOptions.RemoveEmptyEntries))
                .Select(int.Parse).Distinct().ToArray();
        }
        catch (IOException)
        {
            return [];
        }
    }

    private static string[] CommandLine(int pid)
    {
        try
        {
            return File.ReadAllText($"/proc/{pid}/cmdline").Split('\0', StringSplitOptions.RemoveEmptyEntries)
                .Select((part, index) => index == 0 ? Path.GetFileName(part) : part).ToArray();
        }
        catch (IOException)
        {
            return [];
        }
    }

    // The kernel's start time (field 22 of /proc/PID/stat): with the PID, what tells a process from a later one that reuses it.
    private static long? StartTicks(int pid)
    {
        try
        {
            var stat = File.ReadAllText($"/proc/{pid}/stat");
            return long.Parse(stat[(stat.LastIndexOf(')') + 2)..].Split(' ')[19], CultureInfo.InvariantCulture);
        }
        catch (Exception exception) when (exception is IOException or FormatException)
        {
            return null;
        }
    }
}
