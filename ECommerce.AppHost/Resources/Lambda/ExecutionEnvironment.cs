namespace ECommerce.AppHost.Resources.Lambda;

/// <summary>
/// One execution environment of the function: the Runtime API endpoint one runtime process talks to, and the
/// invocation that process holds. Lambda gives each environment its own endpoint, and so does the emulator (a port
/// each), which is how it knows whose invocation is lost when a process dies.
/// </summary>
public sealed class ExecutionEnvironment(int index, int port)
{
    private readonly Lock _gate = new();
    private Invocation? _current;
    private TaskCompletionSource _initialised = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public int Index { get; } = index;

    public int Port { get; } = port;

    public string RuntimeApi => $"127.0.0.1:{Port}";

    /// <summary>Completes when the runtime process asks for its first invocation (its init is done); fails on an init error.</summary>
    public Task Initialised
    {
        get { lock (_gate) { return _initialised.Task; } }
    }

    public string? CurrentRequestId
    {
        get { lock (_gate) { return _current?.RequestId; } }
    }

    public bool HoldsOpenInvocation
    {
        get { lock (_gate) { return _current is { IsFinished: false }; } }
    }

    /// <summary>Raised when the invocation this environment holds runs past its deadline; the environment must be reset.</summary>
    public event Action<ExecutionEnvironment>? TimedOut;

    /// <summary>Raised when the runtime reports that its initialisation failed.</summary>
    public event Action<ExecutionEnvironment, string>? InitialisationFailed;

    internal void MarkReadyForNext()
    {
        Invocation? abandoned;
        lock (_gate)
        {
            _initialised.TrySetResult();
            abandoned = _current;
            _current = null;
        }
        // A runtime that asks for more work without answering its invocation has dropped it.
        abandoned?.TryFail("Runtime.InvalidResponse", "The runtime asked for the next invocation without answering this one.");
    }

    internal void Take(Invocation invocation, TimeSpan timeout)
    {
        lock (_gate)
        {
            _current = invocation;
        }
        invocation.Deadline = DateTimeOffset.UtcNow + timeout;
        _ = WatchDeadlineAsync(invocation, timeout);
    }

    /// <summary>The invocation this environment holds, when <paramref name="requestId"/> names it.</summary>
    internal Invocation? Find(string requestId)
    {
        lock (_gate)
        {
            return _current?.RequestId == requestId ? _current : null;
        }
    }

    internal void ReportInitialisationError(string errorType)
    {
        lock (_gate)
        {
            _initialised.TrySetException(new InvalidOperationException($"the function's initialisation failed ({errorType})"));
        }
        InitialisationFailed?.Invoke(this, errorType);
    }

    /// <summary>The runtime process is gone: its invocation fails, and the next process starts from a fresh init.</summary>
    public void Reset(string errorType, string message)
    {
        Invocation? lost;
        lock (_gate)
        {
            lost = _current;
            _current = null;
            if (_initialised.Task.IsCompleted)
            {
                _initialised = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            }
        }
        lost?.TryFail(errorType, message);
    }

    private async Task WatchDeadlineAsync(Invocation invocation, TimeSpan timeout)
    {
        if (await Task.WhenAny(invocation.Result, Task.Delay(timeout)) != invocation.Result
            && invocation.TryFail("Sandbox.Timedout", $"Task timed out after {timeout.TotalSeconds:0.00} seconds"))
        {
            TimedOut?.Invoke(this);
        }
    }
}
