using System.Text;
using System.Text.Json;
using ECommerce.AppHost.Resources.Lambda;
using ECommerce.Lambda.RuntimeSupport;
using ECommerce.Tests.Harness;
using Microsoft.Extensions.Logging;

namespace ECommerce.Tests.Notifications;

/// <summary>The function's custom runtime loop against the AppHost's Runtime API: answers, errors, init errors, deadlines, logs.</summary>
[Collection(AloneCollection.Name)]
public sealed class LambdaBootstrapTests : IAsyncLifetime
{
    private readonly RuntimeApiEmulator _emulator = new(RuntimeApiProtocolTests.FunctionArn, TimeSpan.FromSeconds(5), [RuntimeApiProtocolTests.FreePort()]);
    private readonly StringWriter _log = new();
    private readonly CancellationTokenSource _stop = new();
    private ILoggerFactory _logging = null!;

    public async Task InitializeAsync()
    {
        await _emulator.StartAsync(CancellationToken.None);
        _logging = LoggerFactory.Create(logging => logging.AddProvider(new LambdaJsonLoggerProvider(_log, LogLevel.Information)));
    }

    public async Task DisposeAsync()
    {
        await _stop.CancelAsync();
        _logging.Dispose();
        await _emulator.DisposeAsync();
    }

    [Fact]
    public async Task EachInvocationIsAnsweredWithTheHandlersResponse()
    {
        var running = Start(() => (batch, _) => Task.FromResult(new SqsBatchResponse
        {
            BatchItemFailures = batch.Records.Where(r => r.Body == "bad").Select(r => new BatchItemFailure { ItemIdentifier = r.MessageId }).ToList(),
        }));

        var first = await InvokeAsync("""{"Records":[{"messageId":"m1","body":"good"},{"messageId":"m2","body":"bad"}]}""");
        var second = await InvokeAsync("""{"Records":[{"messageId":"m3","body":"good"}]}""");

        Assert.True(first.Succeeded);
        Assert.Equal("""{"batchItemFailures":[{"itemIdentifier":"m2"}]}""", Encoding.UTF8.GetString(first.Body));
        Assert.Equal("""{"batchItemFailures":[]}""", Encoding.UTF8.GetString(second.Body));
        Assert.False(running.IsCompleted);
    }

    [Fact]
    public async Task AHandlerExceptionIsReportedWithItsTypeMessageAndStackAndLoggedWithTheRequestId()
    {
        var running = Start(() => (_, _) => throw new InvalidOperationException("the table is gone"));

        var result = await InvokeAsync("""{"Records":[]}""");

        Assert.False(result.Succeeded);
        Assert.Equal("InvalidOperationException", result.ErrorType);
        using var error = JsonDocument.Parse(result.Body);
        Assert.Equal("the table is gone", error.RootElement.GetProperty("errorMessage").GetString());
        Assert.Equal("InvalidOperationException", error.RootElement.GetProperty("errorType").GetString());
        Assert.NotEqual(0, error.RootElement.GetProperty("stackTrace").GetArrayLength());
        var logged = Assert.Single(LogLines(), l => l.GetProperty("level").GetString() == "ERROR");
        Assert.Equal(result.RequestId, logged.GetProperty("requestId").GetString());
        Assert.Equal("InvalidOperationException", logged.GetProperty("errorType").GetString());
        Assert.False(string.IsNullOrEmpty(logged.GetProperty("timestamp").GetString()));
        Assert.False(running.IsCompleted);
    }

    [Fact]
    public async Task AnEventThatIsNotJsonIsAnInvocationErrorAndTheNextOneIsServed()
    {
        var running = Start(() => (_, _) => Task.FromResult(new SqsBatchResponse()));

        var broken = await InvokeAsync("{ not json");
        var fine = await InvokeAsync("""{"Records":[]}""");

        Assert.Equal("JsonException", broken.ErrorType);
        Assert.True(fine.Succeeded);
        Assert.False(running.IsCompleted);
    }

    [Fact]
    public async Task AFailedInitialisationIsReportedAndTheRuntimeExits()
    {
        var exitCode = await Start(() => throw new InvalidOperationException("AWS_REGION is not set"));

        Assert.Equal(1, exitCode);
        var failure = await Assert.ThrowsAsync<InvalidOperationException>(() => _emulator.Environments[0].Initialised);
        Assert.Contains("InvalidOperationException", failure.Message);
        Assert.Contains(LogLines(), l => l.GetProperty("level").GetString() == "FATAL" && l.GetProperty("errorMessage").GetString() == "AWS_REGION is not set");
    }

    [Fact]
    public async Task TheHandlerIsCancelledBeforeTheDeadlineSoItsErrorIsReportedBeforeTheTimeout()
    {
        var running = Start(() => async (_, cancellationToken) =>
        {
            await Task.Delay(Timeout.Infinite, cancellationToken);
            return new SqsBatchResponse();
        });

        var result = await InvokeAsync("""{"Records":[]}""");

        Assert.Equal(nameof(TaskCanceledException), result.ErrorType);
        Assert.False(running.IsCompleted);
    }

    private Task<int> Start(Func<LambdaHandler<SqsEvent, SqsBatchResponse>> initialize)
    {
        var runtimeApi = new RuntimeApiClient(RuntimeApiProtocolTests.RuntimeClient(_emulator.Environments[0]));
        var bootstrap = new LambdaBootstrap<SqsEvent, SqsBatchResponse>(runtimeApi, initialize,
            LambdaJsonContext.Default.SqsEvent, LambdaJsonContext.Default.SqsBatchResponse, _logging.CreateLogger("bootstrap"));
        return Task.Run(() => bootstrap.RunAsync(_stop.Token));
    }

    private async Task<InvocationResult> InvokeAsync(string payload)
    {
        using var limit = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        return await _emulator.InvokeAsync(Encoding.UTF8.GetBytes(payload), limit.Token);
    }

    private List<JsonElement> LogLines() =>
        _log.ToString().Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(line => JsonDocument.Parse(line).RootElement.Clone()).ToList();
}
