namespace ECommerce.AppHost.Resources.Lambda;

/// <summary>
/// One execution environment of the function: the Runtime API endpoint one runtime process talks to, and the
/// invocation that process holds. Lambda gives each environment its own endpoint, and so does the emulator (a port
/// each), which is how it knows whose invocation is lost when a process dies. Each new process is a new generation:
/// what was handed to an earlier one is never charged to it.
/// </summary>
public sealed class ExecutionEnvironment(int index, int port)
{
    private readonly Lock _gate = new();
    private Invocation? _current;
    private int _generation;
    private TaskCompletionSource _initialised = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public int Index { get; } = index;

    public int Port { get; } = port;

    public string RuntimeApi => $"127.0.0.1:{Port}";

    /// <summary>Completes when the runtime process asks for its first invocation (its init is done); fails on an init error.</summary>
    public Task Initialised
    {
        get { lock (_gate) { return _initialised.Task; } }
    }

    /// <summary>The invocation the runtime process holds and has not answered yet.</summary>
    public Invocation? OpenInvocation
    {
        get { lock (_gate) { return _current is { IsFinished: false } ? _current : null; } }
    }

    public bool HoldsOpenInvocation => OpenInvocation is not null;

    /// <summary>Raised when the invocation this environment holds runs past its deadline; the environment must be reset.</summary>
    public event Action<ExecutionEnvironment>? TimedOut;

    /// <summary>Raised when the runtime process fails its init: it reported an init error, or it exited before its first <c>next</c>.</summary>
    public event Action<ExecutionEnvironment, string>? InitialisationFailed;

    /// <returns>The generation asking, to hand to <see cref="Take"/>.</returns>
    internal int MarkReadyForNext()
    {
        Invocation? abandoned;
        int generation;
        lock (_gate)
        {
            _initialised.TrySetResult();
            abandoned = _current;
            _current = null;
            generation = _generation;
        }
        // A runtime that asks for more work without answering its invocation has dropped it.
        abandoned?.TryFail("Runtime.InvalidResponse", "The runtime asked for the next invocation without answering this one.");
        return generation;
    }

    /// <returns>False when the process that asked is gone meanwhile: the invocation is not its to take.</returns>
    internal bool Take(Invocation invocation, TimeSpan timeout, int generation)
    {
        lock (_gate)
        {
            if (generation != _generation)
            {
                return false;
            }
            _current = invocation;
        }
        invocation.Deadline = DateTimeOffset.UtcNow + timeout;
        _ = WatchDeadlineAsync(invocation, timeout, generation);
        return true;
    }

    /// <summary>The invocation this environment holds, when <paramref name="requestId"/> names it.</summary>
    internal Invocation? Find(string requestId)
    {
        lock (_gate)
        {
            return _current?.RequestId == requestId ? _current : null;
        }
    }

    /// <returns>False when the init had already succeeded: an init error is then not a valid call.</returns>
    internal bool ReportInitialisationError(string errorType)
    {
        lock (_gate)
        {
            if (_initialised.Task.IsCompletedSuccessfully)
            {
                return false;
            }
            _initialised.TrySetException(new InvalidOperationException($"the function's initialisation failed ({errorType})"));
        }
        InitialisationFailed?.Invoke(this, errorType);
        return true;
    }

    /// <summary>The runtime process is gone: its invocation fails, and the next process starts from a fresh init.</summary>
    public void Reset(string errorType, string message)
    {
        if (!Initialised.IsCompleted)
        {
            ReportInitialisationError(errorType);
        }
        Invocation? lost;
        lock (_gate)
        {
            lost = _current;
            _current = null;
            _generation++;
            _initialised = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        }
        lost?.TryFail(errorType, message);
    }

    private async Task WatchDeadlineAsync(Invocation invocation, TimeSpan timeout, int generation)
    {
        if (await Task.WhenAny(invocation.Result, Task.Delay(timeout)) != invocation.Result
            && invocation.TryFail("Sandbox.Timedout", $"Task timed out after {timeout.TotalSeconds:0.00} seconds"))
        {
            bool sameProcess;
            lock (_gate)
            {
                sameProcess = generation == _generation;
            }
            // Only the process that held it is ended; a later one never answered for it.
            if (sameProcess)
            {
                TimedOut?.Invoke(this);
            }
        }
    }
}
