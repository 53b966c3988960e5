using System.Globalization;
using System.Net;
using System.Text.Json;
using System.Threading.Channels;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;

namespace ECommerce.AppHost.Resources.Lambda;

/// <summary>
/// The Lambda Runtime API (2018-06-01) that a custom runtime's <c>bootstrap</c> talks to, as Lambda serves it:
/// <c>GET /runtime/invocation/next</c> hands out the next event with its request id, deadline, function ARN and
/// trace headers; <c>POST …/{id}/response</c> and <c>…/{id}/error</c> answer it; <c>POST /runtime/init/error</c>
/// reports a failed start. Wrong calls get Lambda's error documents (errorMessage, errorType). Invocations queue
/// until an environment asks for one, so the number of environments is the function's concurrency.
/// </summary>
public sealed class RuntimeApiEmulator(string functionArn, TimeSpan timeout, IReadOnlyList<int> ports) : IAsyncDisposable
{
    /// <summary>Lambda's limit for a synchronous invocation's response.</summary>
    public const int MaxResponseBytes = 6 * 1024 * 1024;
    private const string Prefix = "/2018-06-01/runtime";

    private readonly Channel<Invocation> _queue = Channel.CreateUnbounded<Invocation>();
    private WebApplication? _server;
    private int _mostInFlight;

    public IReadOnlyList<ExecutionEnvironment> Environments { get; } = ports.Select((port, index) => new ExecutionEnvironment(index, port)).ToList();

    public TimeSpan Timeout { get; } = timeout;

    /// <summary>The most invocations that were ever running at once: never more than the environments.</summary>
    public int MostInFlight => Volatile.Read(ref _mostInFlight);

    public async Task StartAsync(CancellationToken cancellationToken)
    {
        foreach (var environment in Environments)
        {
            environment.InitialisationFailed += FailOneWaiting;
        }
        var builder = WebApplication.CreateSlimBuilder(new WebApplicationOptions { Args = [] });
        builder.Logging.ClearProviders();
        builder.WebHost.ConfigureKestrel(kestrel =>
        {
            foreach (var environment in Environments)
            {
                kestrel.Listen(IPAddress.Loopback, environment.Port);
            }
            kestrel.Limits.MaxRequestBodySize = MaxResponseBytes + 1;
            kestrel.AddServerHeader = false;
        });
        _server = builder.Build();
        var runtime = _server.MapGroup(Prefix);
        runtime.MapGet("/invocation/next", NextAsync);
        runtime.MapPost("/invocation/{requestId}/response", ResponseAsync);
        runtime.MapPost("/invocation/{requestId}/error", ErrorAsync);
        runtime.MapPost("/init/error", (Func<HttpContext, Task<IResult>>)InitErrorAsync);
        _server.MapFallback(UnknownCall);
        await _server.StartAsync(cancellationToken);
    }

    /// <summary>Runs one event through the function and returns how it ended.</summary>
    public async Task<InvocationResult> InvokeAsync(byte[] payload, CancellationToken cancellationToken)
    {
        var invocation = new Invocation(payload);
        await _queue.Writer.WriteAsync(invocation, cancellationToken);
        using var cancelled = cancellationToken.Register(() => invocation.TryFail("Invoke.Cancelled", "The caller stopped waiting."));
        return await invocation.Result;
    }

    public async ValueTask DisposeAsync()
    {
        _queue.Writer.TryComplete();
        if (_server is not null)
        {
            using var grace = new CancellationTokenSource(TimeSpan.FromSeconds(2));
            await _server.StopAsync(grace.Token);
            await _server.DisposeAsync();
        }
    }

    private async Task NextAsync(HttpContext context)
    {
        var environment = EnvironmentOf(context);
        var generation = environment.MarkReadyForNext();
        Invocation invocation;
        do
        {
            invocation = await _queue.Reader.ReadAsync(context.RequestAborted);
        }
        while (invocation.IsFinished);

        if (!environment.Take(invocation, Timeout, generation))
        {
            // The process that asked died meanwhile: the invocation goes to whichever asks next.
            _queue.Writer.TryWrite(invocation);
            return;
        }
        TrackMostInFlight();
        var response = context.Response;
        response.ContentType = "application/json";
        response.Headers[Headers.RequestId] = invocation.RequestId;
        response.Headers[Headers.Deadline] = invocation.Deadline!.Value.ToUnixTimeMilliseconds().ToString(CultureInfo.InvariantCulture);
        response.Headers[Headers.FunctionArn] = functionArn;
        response.Headers[Headers.TraceId] = NewTraceId();
        try
        {
            await response.Body.WriteAsync(invocation.Payload, context.RequestAborted);
        }
        catch (Exception exception) when (exception is OperationCanceledException or IOException)
        {
            invocation.TryFail("Runtime.ExitError", "The runtime went away while the invocation was handed to it.");
        }
    }

    private async Task<IResult> ResponseAsync(HttpContext context, string requestId)
    {
        if (FindOpen(context, requestId, out var problem) is not { } invocation)
        {
            return problem!;
        }
        if (context.Request.ContentLength > MaxResponseBytes)
        {
            invocation.TryFail("Function.ResponseSizeTooLarge", $"Response payload size exceeded maximum allowed payload size ({MaxResponseBytes} bytes).");
            return ErrorDocument(HttpStatusCode.RequestEntityTooLarge, "RequestEntityTooLarge",
                $"The response is over {MaxResponseBytes} bytes; the invocation failed with Function.ResponseSizeTooLarge.");
        }
        var body = await ReadBodyAsync(context);
        if (body is null)
        {
            invocation.TryFail("Function.ResponseSizeTooLarge", "Response payload size exceeded maximum allowed payload size.");
            return ErrorDocument(HttpStatusCode.RequestEntityTooLarge, "RequestEntityTooLarge", $"The response is over {MaxResponseBytes} bytes.");
        }
        invocation.TrySucceed(body);
        return Accepted();
    }

    private async Task<IResult> ErrorAsync(HttpContext context, string requestId)
    {
        if (FindOpen(context, requestId, out var problem) is not { } invocation)
        {
            return problem!;
        }
        var body = await ReadBodyAsync(context) ?? [];
        invocation.TryFail(ErrorTypeOf(context, body) ?? "Unhandled", body);
        return Accepted();
    }

    private async Task<IResult> InitErrorAsync(HttpContext context)
    {
        var environment = EnvironmentOf(context);
        var body = await ReadBodyAsync(context) ?? [];
        return environment.ReportInitialisationError(ErrorTypeOf(context, body) ?? "Runtime.Unknown")
            ? Accepted()
            : ErrorDocument(HttpStatusCode.Forbidden, "InvalidStateTransition", "The runtime's init has already succeeded.");
    }

    /// <summary>
    /// A failed init fails an invocation that waits, as Lambda fails the invoke that started the environment: with
    /// a function that cannot start, events come back to their source (and reach its dead-letter queue) instead of
    /// waiting for ever.
    /// </summary>
    private void FailOneWaiting(ExecutionEnvironment environment, string errorType)
    {
        while (_queue.Reader.TryRead(out var waiting))
        {
            if (waiting.TryFail(errorType, $"The function's init failed in execution environment {environment.Index} ({errorType})."))
            {
                return;
            }
        }
    }

    private static IResult UnknownCall(HttpContext context) =>
        ErrorDocument(HttpStatusCode.NotFound, "UnknownPath", $"{context.Request.Method} {context.Request.Path} is not a Runtime API call.");

    private Invocation? FindOpen(HttpContext context, string requestId, out IResult? problem)
    {
        var invocation = EnvironmentOf(context).Find(requestId);
        problem = invocation switch
        {
            null => ErrorDocument(HttpStatusCode.BadRequest, "InvalidRequestID", $"Invalid request ID: {requestId} is not the invocation this runtime holds."),
            { IsFinished: true } => ErrorDocument(HttpStatusCode.Forbidden, "InvalidStateTransition", $"Invocation {requestId} has already ended ({invocation.Result.Result.ErrorType ?? "answered"})."),
            _ => null,
        };
        return problem is null ? invocation : null;
    }

    private ExecutionEnvironment EnvironmentOf(HttpContext context) =>
        Environments.Single(e => e.Port == context.Connection.LocalPort);

    private void TrackMostInFlight()
    {
        var now = Environments.Count(e => e.HoldsOpenInvocation);
        for (var most = Volatile.Read(ref _mostInFlight); now > most; most = Volatile.Read(ref _mostInFlight))
        {
            if (Interlocked.CompareExchange(ref _mostInFlight, now, most) == most)
            {
                break;
            }
        }
    }

    /// <returns>The body, or null when it is over Lambda's limit.</returns>
    private static async Task<byte[]?> ReadBodyAsync(HttpContext context)
    {
        using var buffer = new MemoryStream();
        try
        {
            await context.Request.Body.CopyToAsync(buffer, context.RequestAborted);
        }
        catch (BadHttpRequestException exception) when (exception.StatusCode == StatusCodes.Status413PayloadTooLarge)
        {
            return null;
        }
        return buffer.Length > MaxResponseBytes ? null : buffer.ToArray();
    }

    /// <summary>The header a runtime sets, else the errorType of its error document.</summary>
    private static string? ErrorTypeOf(HttpContext context, byte[] body)
    {
        if (context.Request.Headers[Headers.ErrorType].FirstOrDefault() is { Length: > 0 } header)
        {
            return header;
        }
        try
        {
            using var document = JsonDocument.Parse(body);
            return document.RootElement.TryGetProperty("errorType", out var type) ? type.GetString() : null;
        }
        catch (JsonException)
        {
            return null;
        }
    }

    /// <summary>An X-Ray trace header: Root=1-{epoch seconds, hex}-{96 random bits}, as Lambda hands it out.</summary>
    private static string NewTraceId() =>
        $"Root=1-{DateTimeOffset.UtcNow.ToUnixTimeSeconds():x8}-{Convert.ToHexStringLower(System.Security.Cryptography.RandomNumberGenerator.GetBytes(12))};"
        + $"Parent={Convert.ToHexStringLower(System.Security.Cryptography.RandomNumberGenerator.GetBytes(8))};Sampled=0";

    private static IResult Accepted() => Results.Json(new { status = "OK" }, statusCode: StatusCodes.Status202Accepted);

    private static IResult ErrorDocument(HttpStatusCode status, string errorType, string message) =>
        Results.Json(new { errorMessage = message, errorType }, statusCode: (int)status);

    /// <summary>The Runtime API's header names.</summary>
    public static class Headers
    {
        public const string RequestId = "Lambda-Runtime-Aws-Request-Id";
        public const string Deadline = "Lambda-Runtime-Deadline-Ms";
        public const string FunctionArn = "Lambda-Runtime-Invoked-Function-Arn";
        public const string TraceId = "Lambda-Runtime-Trace-Id";
        public const string ErrorType = "Lambda-Runtime-Function-Error-Type";
    }
}
