using Microsoft.Extensions.Logging;

namespace ECommerce.AppHost.Resources.Lambda;

/// <summary>
/// Keeps one runtime process running against its execution environment, as Lambda does: a process that exits, times
/// out or fails its init loses its invocation and is replaced by a fresh one (after a pause that grows while it keeps
/// failing, so a broken function does not spin).
/// </summary>
public sealed class RuntimeProcess(ExecutionEnvironment environment, Func<ExecutionEnvironment, ProcessSpec> spec, ILogger log)
{
    private static readonly TimeSpan FirstPause = TimeSpan.FromMilliseconds(250);
    private static readonly TimeSpan LongestPause = TimeSpan.FromSeconds(10);
    private static readonly TimeSpan HealthyRun = TimeSpan.FromSeconds(30);

    private readonly CancellationTokenSource _stopping = new();
    private Task _supervision = Task.CompletedTask;

    public ExecutionEnvironment Environment { get; } = environment;

    public RuntimeProcessHandle? Current { get; private set; }

    /// <summary>How many times the process was replaced.</summary>
    public int Restarts { get; private set; }

    /// <summary>Raised when a process starts in the environment: the first, and each replacement.</summary>
    public event Action<RuntimeProcess>? ProcessStarted;

    /// <summary>Raised when the environment's process ended without being asked to, with its exit code.</summary>
    public event Action<RuntimeProcess, int>? ProcessExited;

    public void Start()
    {
        Environment.TimedOut += _ => Terminate("its invocation timed out");
        Environment.InitialisationFailed += (_, errorType) => Terminate($"its init failed ({errorType})");
        Current = RuntimeProcessHandle.Start(spec(Environment), log);
        ProcessStarted?.Invoke(this);
        _supervision = SuperviseAsync(_stopping.Token);
    }

    public async Task StopAsync()
    {
        await _stopping.CancelAsync();
        if (Current is not null)
        {
            await Current.StopAsync(TimeSpan.FromSeconds(5));
        }
        await _supervision;
    }

    private async Task SuperviseAsync(CancellationToken stopping)
    {
        var pause = FirstPause;
        while (!stopping.IsCancellationRequested)
        {
            var started = DateTime.UtcNow;
            var exitCode = await Current!.Exited.WaitAsync(stopping).ContinueWith(t => t.IsCompletedSuccessfully ? t.Result : (int?)null, TaskScheduler.Default);
            if (exitCode is null || stopping.IsCancellationRequested)
            {
                return;
            }
            Environment.Reset("Runtime.ExitError", $"Runtime exited with error: exit status {exitCode}");
            ProcessExited?.Invoke(this, exitCode.Value);
            pause = DateTime.UtcNow - started > HealthyRun ? FirstPause : Min(pause * 2, LongestPause);
            log.LogWarning("runtime: process {Pid} (environment {Environment}) exited with code {ExitCode}; a new one starts in {Pause:0.00} s", Current.Pid, Environment.Index, exitCode, pause.TotalSeconds);
            try
            {
                await Task.Delay(pause, stopping);
            }
            catch (OperationCanceledException)
            {
                return;
            }
            Restarts++;
            Current = RuntimeProcessHandle.Start(spec(Environment), log);
            ProcessStarted?.Invoke(this);
            if (stopping.IsCancellationRequested)
            {
                // StopAsync ran between the pause and the start: it stopped the previous process, not this one.
                await Current.StopAsync(TimeSpan.FromSeconds(5));
                return;
            }
        }
    }

    /// <summary>Lambda discards an environment whose invocation timed out or whose init failed; the supervisor starts another.</summary>
    private void Terminate(string reason)
    {
        if (Current is { Exited.IsCompleted: false } process)
        {
            log.LogWarning("runtime: stopping process {Pid} (environment {Environment}): {Reason}", process.Pid, Environment.Index, reason);
            process.Kill();
        }
    }

    private static TimeSpan Min(TimeSpan a, TimeSpan b) => a < b ? a : b;
}
