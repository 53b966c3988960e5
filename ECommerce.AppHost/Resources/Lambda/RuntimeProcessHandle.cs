using System.Diagnostics;
using Microsoft.Extensions.Logging;

namespace ECommerce.AppHost.Resources.Lambda;

/// <summary>What to run in an execution environment.</summary>
public sealed record ProcessSpec(string FileName, IReadOnlyList<string> Arguments)
{
    public string? WorkingDirectory { get; init; }

    public IReadOnlyDictionary<string, string> Environment { get; init; } = new Dictionary<string, string>();
}

/// <summary>
/// One runtime process of a function. Lambda, not the orchestrator, decides when an execution environment's process
/// ends (timeout, init error) and is replaced, so the emulator holds the process itself. It runs in its own session
/// (setsid), so a Ctrl+C in the terminal reaches the AppHost alone; its output goes to the function's log.
/// </summary>
public sealed class RuntimeProcessHandle
{
    private readonly Process _process;
    private readonly ILogger _log;
    private readonly TaskCompletionSource<int> _exited = new(TaskCreationOptions.RunContinuationsAsynchronously);

    private RuntimeProcessHandle(Process process, ILogger log)
    {
        _process = process;
        _log = log;
        Pid = process.Id;
    }

    public int Pid { get; }

    /// <summary>Completes with the exit code when the process ends, for whatever reason.</summary>
    public Task<int> Exited => _exited.Task;

    public static RuntimeProcessHandle Start(ProcessSpec spec, ILogger log)
    {
        var info = new ProcessStartInfo("setsid")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            RedirectStandardInput = true,
            UseShellExecute = false,
            WorkingDirectory = spec.WorkingDirectory ?? System.Environment.CurrentDirectory,
        };
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
        // The function writes Lambda's JSON log lines; they reach the dashboard as the function's console output.
        process.OutputDataReceived += (_, e) => { if (e.Data is not null) { log.LogInformation("{Line}", e.Data); } };
        process.ErrorDataReceived += (_, e) => { if (e.Data is not null) { log.LogError("{Line}", e.Data); } };
        process.Start();
        // Nothing is ever typed to a runtime; a closed stdin stops anything that would wait for it.
        process.StandardInput.Close();
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();

        var handle = new RuntimeProcessHandle(process, log);
        _ = handle.WatchAsync();
        return handle;
    }

    /// <summary>SIGTERM (the bootstrap finishes its invocation and exits), then SIGKILL after the grace period.</summary>
    public async Task StopAsync(TimeSpan grace)
    {
        if (Exited.IsCompleted)
        {
            return;
        }
        _ = ProcessSignals.Send(Pid, ProcessSignals.Term);
        if (await Task.WhenAny(Exited, Task.Delay(grace)) != Exited)
        {
            _log.LogWarning("runtime process {Pid} did not stop within {Grace:0} s; killing it", Pid, grace.TotalSeconds);
            _process.Kill(entireProcessTree: true);
            await Exited;
        }
    }

    /// <summary>Ends the process at once, as Lambda ends an environment whose invocation timed out.</summary>
    public void Kill() => _ = ProcessSignals.Send(Pid, ProcessSignals.Kill);

    private async Task WatchAsync()
    {
        await _process.WaitForExitAsync();
        _exited.TrySetResult(_process.ExitCode);
    }
}
