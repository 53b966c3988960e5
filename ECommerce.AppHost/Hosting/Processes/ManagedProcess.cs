using System.Diagnostics;
using System.Runtime.InteropServices;

namespace ECommerce.AppHost.Hosting.Processes;

/// <summary>What to run for a resource.</summary>
public sealed record ProcessSpec(string FileName, IReadOnlyList<string> Arguments)
{
    public string? WorkingDirectory { get; init; }

    public IReadOnlyDictionary<string, string> Environment { get; init; } = new Dictionary<string, string>();

    /// <summary>Run as this unprivileged user when the AppHost runs as root (PostgreSQL refuses root).</summary>
    public string? RunAsUser { get; init; }

    /// <summary>The signal that asks the program to shut down cleanly (PostgreSQL's "fast" shutdown is SIGINT).</summary>
    public int StopSignal { get; init; } = ManagedProcess.SigTerm;
}

/// <summary>
/// A child process of the AppHost. It runs in its own session (setsid), so a Ctrl+C in the terminal reaches the
/// AppHost alone and the AppHost stops the graph in reverse order; setsid and setpriv exec in place, so the PID
/// recorded is the resource's own.
/// </summary>
public sealed class ManagedProcess
{
    public const int SigTerm = 15;
    public const int SigInt = 2;
    private readonly Process _process;
    private readonly TaskCompletionSource<int> _exited = new(TaskCreationOptions.RunContinuationsAsynchronously);

    private readonly int _stopSignal;

    private ManagedProcess(Process process, ResourceLog log, int stopSignal)
    {
        _stopSignal = stopSignal;
        _process = process;
        Log = log;
        Pid = process.Id;
        StartTimeTicks = ProcessIdentity.StartTimeTicks(Pid);
    }

    public int Pid { get; }

    /// <summary>The kernel's start time of the process, to tell it from a later process that reuses its PID.</summary>
    public long? StartTimeTicks { get; }

    public ResourceLog Log { get; }

    /// <summary>Completes with the exit code when the process ends, for whatever reason.</summary>
    public Task<int> Exited => _exited.Task;

    public bool StopRequested { get; private set; }

    public static ManagedProcess Start(ProcessSpec spec, ResourceLog log)
    {
        var info = new ProcessStartInfo("setsid")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            RedirectStandardInput = true,
            UseShellExecute = false,
            WorkingDirectory = spec.WorkingDirectory ?? System.Environment.CurrentDirectory,
        };
        if (spec.RunAsUser is not null && IsRoot)
        {
            foreach (var argument in new[] { "setpriv", $"--reuid={spec.RunAsUser}", $"--regid={spec.RunAsUser}", "--init-groups", "--" })
            {
                info.ArgumentList.Add(argument);
            }
        }
        info.ArgumentList.Add(spec.FileName);
        foreach (var argument in spec.Arguments)
        {
            info.ArgumentList.Add(argument);
        }
        foreach (var (key, value) in spec.Environment)
        {
            info.Environment[key] = value;
        }

        var process = new Process { StartInfo = info, EnableRaisingEvents = true };
        process.OutputDataReceived += (_, e) => { if (e.Data is not null) { log.Write(e.Data); } };
        process.ErrorDataReceived += (_, e) => { if (e.Data is not null) { log.Write(e.Data); } };
        process.Start();
        // Nothing is ever typed to a resource; a closed stdin stops tools that would wait for it.
        process.StandardInput.Close();
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();

        var managed = new ManagedProcess(process, log, spec.StopSignal);
        _ = managed.WatchAsync();
        return managed;
    }

    public static bool IsRoot => geteuid() == 0;

    /// <summary>The stop signal (SIGTERM unless the program wants another), then SIGKILL after the grace period.</summary>
    public async Task StopAsync(TimeSpan grace)
    {
        StopRequested = true;
        if (Exited.IsCompleted)
        {
            return;
        }
        _ = kill(Pid, _stopSignal);
        if (await Task.WhenAny(Exited, Task.Delay(grace)) != Exited)
        {
            Log.Write($"did not stop within {grace.TotalSeconds:0} s of signal {_stopSignal}; killing it");
            _process.Kill(entireProcessTree: true);
            await Exited;
        }
    }

    private async Task WatchAsync()
    {
        await _process.WaitForExitAsync();
        _exited.TrySetResult(_process.ExitCode);
    }

    [DllImport("libc", SetLastError = true)]
    private static extern int kill(int pid, int sig);

    [DllImport("libc")]
    private static extern uint geteuid();

    internal static bool SendTerm(int pid) => kill(pid, SigTerm) == 0;

    internal static bool SendKill(int pid) => kill(pid, 9) == 0;
}

/// <summary>Reads a process's start time from /proc, the part of its identity a reused PID does not share.</summary>
public static class ProcessIdentity
{
    public static long? StartTimeTicks(int pid)
    {
        try
        {
            var stat = File.ReadAllText($"/proc/{pid}/stat");
            // The command name (field 2) may hold spaces; fields after its closing parenthesis are fixed.
            var fields = stat[(stat.LastIndexOf(')') + 2)..].Split(' ');
            return long.Parse(fields[19]);
        }
        catch (Exception exception) when (exception is IOException or UnauthorizedAccessException or FormatException or IndexOutOfRangeException)
        {
            return null;
        }
    }

    public static bool IsAlive(int pid, long? startTimeTicks) =>
        StartTimeTicks(pid) is { } ticks && (startTimeTicks is null || ticks == startTimeTicks);
}
