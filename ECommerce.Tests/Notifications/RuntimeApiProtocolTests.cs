using System.Net;
using System.Net.Sockets;
using System.Text;
using System.Text.Json;
using ECommerce.AppHost.Resources.Lambda;

namespace ECommerce.Tests.Notifications;

/// <summary>
/// The AppHost's Lambda Runtime API, spoken to as a custom runtime speaks to Lambda's: paths, headers, status codes
/// and error documents of the 2018-06-01 API.
/// </summary>
public sealed class RuntimeApiProtocolTests : IAsyncLifetime
{
    public const string FunctionArn = "arn:aws:lambda:us-east-1:000000000000:function:protocol-test";
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(30);
    private readonly RuntimeApiEmulator _emulator = new(FunctionArn, Timeout, [FreePort()]);
    private HttpClient _runtime = null!;

    public async Task InitializeAsync()
    {
        await _emulator.StartAsync(CancellationToken.None);
        _runtime = RuntimeClient(_emulator.Environments[0]);
    }

    public async Task DisposeAsync()
    {
        _runtime.Dispose();
        await _emulator.DisposeAsync();
    }

    [Fact]
    public async Task NextHandsOutTheEventWithLambdasHeadersAndTheResponseEndsTheInvocation()
    {
        var payload = """{"Records":[]}"""u8.ToArray();
        var invocation = _emulator.InvokeAsync(payload, CancellationToken.None);

        using var next = await _runtime.GetAsync("runtime/invocation/next");

        Assert.Equal(HttpStatusCode.OK, next.StatusCode);
        Assert.Equal(payload, await next.Content.ReadAsByteArrayAsync());
        Assert.Equal("application/json", next.Content.Headers.ContentType?.MediaType);
        var requestId = Header(next, "Lambda-Runtime-Aws-Request-Id");
        Assert.True(Guid.TryParse(requestId, out _));
        Assert.Equal(FunctionArn, Header(next, "Lambda-Runtime-Invoked-Function-Arn"));
        Assert.Matches("^Root=1-[0-9a-f]{8}-[0-9a-f]{24};Parent=[0-9a-f]{16};Sampled=0$", Header(next, "Lambda-Runtime-Trace-Id"));
        var deadline = DateTimeOffset.FromUnixTimeMilliseconds(long.Parse(Header(next, "Lambda-Runtime-Deadline-Ms")));
        Assert.InRange(deadline, DateTimeOffset.UtcNow + Timeout - TimeSpan.FromSeconds(10), DateTimeOffset.UtcNow + Timeout);
        Assert.False(invocation.IsCompleted);

        using var answer = await _runtime.PostAsync($"runtime/invocation/{requestId}/response", Json("""{"batchItemFailures":[]}"""));

        Assert.Equal(HttpStatusCode.Accepted, answer.StatusCode);
        Assert.Equal("OK", (await JsonAsync(answer)).GetProperty("status").GetString());
        var result = await invocation;
        Assert.True(result.Succeeded);
        Assert.Equal(requestId, result.RequestId);
        Assert.Equal("""{"batchItemFailures":[]}""", Encoding.UTF8.GetString(result.Body));
    }

    [Fact]
    public async Task AnswersForAnInvocationTheRuntimeDoesNotHoldAreRefusedWithAnErrorDocument()
    {
        using var unknown = await _runtime.PostAsync($"runtime/invocation/{Guid.NewGuid()}/response", Json("{}"));
        Assert.Equal(HttpStatusCode.BadRequest, unknown.StatusCode);
        Assert.Equal("InvalidRequestID", (await JsonAsync(unknown)).GetProperty("errorType").GetString());

        var invocation = _emulator.InvokeAsync("{}"u8.ToArray(), CancellationToken.None);
        using var next = await _runtime.GetAsync("runtime/invocation/next");
        var requestId = Header(next, "Lambda-Runtime-Aws-Request-Id");
        (await _runtime.PostAsync($"runtime/invocation/{requestId}/response", Json("{}"))).Dispose();
        using var again = await _runtime.PostAsync($"runtime/invocation/{requestId}/error", Json("{}"));

        Assert.Equal(HttpStatusCode.Forbidden, again.StatusCode);
        var problem = await JsonAsync(again);
        Assert.Equal("InvalidStateTransition", problem.GetProperty("errorType").GetString());
        Assert.False(string.IsNullOrEmpty(problem.GetProperty("errorMessage").GetString()));
        Assert.True((await invocation).Succeeded);
    }

    [Fact]
    public async Task AnInvocationErrorKeepsTheRuntimesErrorTypeAndDocument()
    {
        var invocation = _emulator.InvokeAsync("{}"u8.ToArray(), CancellationToken.None);
        using var next = await _runtime.GetAsync("runtime/invocation/next");
        var error = """{"errorMessage":"table missing","errorType":"ResourceNotFoundException","stackTrace":["at Handler"]}""";
        using var request = new HttpRequestMessage(HttpMethod.Post, $"runtime/invocation/{Header(next, "Lambda-Runtime-Aws-Request-Id")}/error") { Content = Json(error) };
        request.Headers.Add("Lambda-Runtime-Function-Error-Type", "Function.ResourceNotFoundException");

        using var answer = await _runtime.SendAsync(request);

        Assert.Equal(HttpStatusCode.Accepted, answer.StatusCode);
        var result = await invocation;
        Assert.False(result.Succeeded);
        Assert.Equal("Function.ResourceNotFoundException", result.ErrorType);
        Assert.Equal(error, Encoding.UTF8.GetString(result.Body));
    }

    [Fact]
    public async Task AnInitErrorFailsTheEnvironmentsInitialisation()
    {
        using var answer = await _runtime.PostAsync("runtime/init/error", Json("""{"errorMessage":"AWS_REGION is not set","errorType":"InvalidOperationException","stackTrace":[]}"""));

        Assert.Equal(HttpStatusCode.Accepted, answer.StatusCode);
        var failure = await Assert.ThrowsAsync<InvalidOperationException>(() => _emulator.Environments[0].Initialised);
        Assert.Contains("InvalidOperationException", failure.Message);
    }

    [Fact]
    public async Task AnInitErrorFailsAnInvocationThatWaitsAndComesOnlyBeforeTheFirstNext()
    {
        var waiting = _emulator.InvokeAsync("{}"u8.ToArray(), CancellationToken.None);
        using var request = new HttpRequestMessage(HttpMethod.Post, "runtime/init/error") { Content = Json("""{"errorMessage":"no table","errorType":"Boom"}""") };
        request.Headers.Add("Lambda-Runtime-Function-Error-Type", "Runtime.InitError");

        using var answer = await _runtime.SendAsync(request);

        Assert.Equal(HttpStatusCode.Accepted, answer.StatusCode);
        Assert.Equal("Runtime.InitError", (await waiting).ErrorType);

        // A new process of the same environment starts, gets through its init and asks for work; an init error is
        // then out of place.
        _emulator.Environments[0].Reset("Runtime.ExitError", "exited after its init error");
        var next = _runtime.GetAsync("runtime/invocation/next");
        await _emulator.Environments[0].Initialised;
        using var late = await _runtime.PostAsync("runtime/init/error", Json("{}"));
        Assert.Equal(HttpStatusCode.Forbidden, late.StatusCode);
        Assert.Equal("InvalidStateTransition", (await JsonAsync(late)).GetProperty("errorType").GetString());
        Assert.False(next.IsCompleted);
    }

    [Fact]
    public async Task CallsOutsideTheApiAre404WithAnErrorDocument()
    {
        using var answer = await _runtime.GetAsync("runtime/invocation/everything");

        Assert.Equal(HttpStatusCode.NotFound, answer.StatusCode);
        Assert.Equal("UnknownPath", (await JsonAsync(answer)).GetProperty("errorType").GetString());
    }

    [Fact]
    public async Task AResponseOverSixMegabytesIsRefusedAndFailsTheInvocation()
    {
        var invocation = _emulator.InvokeAsync("{}"u8.ToArray(), CancellationToken.None);
        using var next = await _runtime.GetAsync("runtime/invocation/next");
        var tooLarge = new ByteArrayContent(new byte[RuntimeApiEmulator.MaxResponseBytes + 1]);

        using var answer = await _runtime.PostAsync($"runtime/invocation/{Header(next, "Lambda-Runtime-Aws-Request-Id")}/response", tooLarge);

        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, answer.StatusCode);
        Assert.Equal("Function.ResponseSizeTooLarge", (await invocation).ErrorType);
    }

    [Fact]
    public async Task AnInvocationWaitsUntilItsEnvironmentAsksForMoreWork()
    {
        var first = _emulator.InvokeAsync("1"u8.ToArray(), CancellationToken.None);
        var second = _emulator.InvokeAsync("2"u8.ToArray(), CancellationToken.None);
        using var firstNext = await _runtime.GetAsync("runtime/invocation/next");
        var secondNext = _runtime.GetAsync("runtime/invocation/next");

        // One environment, one invocation at a time: the second is handed out once the first is answered,
        // and a runtime that asks for more without answering has dropped what it held.
        var dropped = await first;
        using var next = await secondNext;
        Assert.Equal("Runtime.InvalidResponse", dropped.ErrorType);
        Assert.Equal("2", await next.Content.ReadAsStringAsync());
        Assert.False(second.IsCompleted);
        Assert.Equal(1, _emulator.MostInFlight);
    }

    [Fact]
    public async Task AnUnansweredInvocationFailsAtTheFunctionTimeoutAndDiscardsItsEnvironment()
    {
        await using var emulator = new RuntimeApiEmulator(FunctionArn, TimeSpan.FromSeconds(1), [FreePort()]);
        await emulator.StartAsync(CancellationToken.None);
        var timedOut = new TaskCompletionSource<ExecutionEnvironment>();
        emulator.Environments[0].TimedOut += e => timedOut.TrySetResult(e);
        using var runtime = RuntimeClient(emulator.Environments[0]);
        var invocation = emulator.InvokeAsync("{}"u8.ToArray(), CancellationToken.None);
        using var next = await runtime.GetAsync("runtime/invocation/next");

        var result = await invocation;

        Assert.Equal("Sandbox.Timedout", result.ErrorType);
        Assert.Contains("Task timed out after 1.00 seconds", Encoding.UTF8.GetString(result.Body));
        Assert.Same(emulator.Environments[0], await timedOut.Task);
        using var late = await runtime.PostAsync($"runtime/invocation/{Header(next, "Lambda-Runtime-Aws-Request-Id")}/response", Json("{}"));
        Assert.Equal(HttpStatusCode.Forbidden, late.StatusCode);
    }

    public static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    public static HttpClient RuntimeClient(ExecutionEnvironment environment) =>
        new() { BaseAddress = new Uri($"http://{environment.RuntimeApi}/2018-06-01/"), Timeout = TimeSpan.FromSeconds(60) };

    private static string Header(HttpResponseMessage response, string name) => response.Headers.GetValues(name).Single();

    private static StringContent Json(string json) => new(json, Encoding.UTF8, "application/json");

    private static async Task<JsonElement> JsonAsync(HttpResponseMessage response) =>
        JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement.Clone();
}
