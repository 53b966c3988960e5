namespace ECommerce.AppHost.Resources.Lambda;

/// <summary>How an invocation ended: the function's response, or an error with Lambda's error type.</summary>
public sealed record InvocationResult(string RequestId, bool Succeeded, byte[] Body, string? ErrorType)
{
    public static InvocationResult Error(string requestId, string errorType, string message) =>
        new(requestId, false, System.Text.Json.JsonSerializer.SerializeToUtf8Bytes(new { errorMessage = message, errorType }), errorType);
}

/// <summary>One event on its way through the Runtime API: queued, then handed to one execution environment, then answered.</summary>
public sealed class Invocation(byte[] payload)
{
    private readonly TaskCompletionSource<InvocationResult> _result = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public string RequestId { get; } = Guid.NewGuid().ToString();

    public byte[] Payload { get; } = payload;

    /// <summary>Set when an execution environment takes the invocation: the timeout counts from there.</summary>
    public DateTimeOffset? Deadline { get; set; }

    public Task<InvocationResult> Result => _result.Task;

    public bool IsFinished => _result.Task.IsCompleted;

    public bool TrySucceed(byte[] body) => _result.TrySetResult(new InvocationResult(RequestId, true, body, null));

    public bool TryFail(string errorType, byte[] body) => _result.TrySetResult(new InvocationResult(RequestId, false, body, errorType));

    public bool TryFail(string errorType, string message) => _result.TrySetResult(InvocationResult.Error(RequestId, errorType, message));
}
