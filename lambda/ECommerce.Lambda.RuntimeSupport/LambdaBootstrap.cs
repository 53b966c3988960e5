using System.Text.Json;
using System.Text.Json.Serialization.Metadata;
using Microsoft.Extensions.Logging;

namespace ECommerce.Lambda.RuntimeSupport;

/// <summary>A function's handler: one event in, one response out, cancelled when the invocation's deadline comes.</summary>
public delegate Task<TResponse> LambdaHandler<in TEvent, TResponse>(TEvent input, CancellationToken cancellationToken);

/// <summary>
/// The custom runtime's loop, in the shape of Amazon.Lambda.RuntimeSupport's LambdaBootstrap: initialise the
/// function once (reporting an init error if that fails), then forever take the next invocation, run the handler
/// under the invocation's deadline, and post its response or its error. Logs carry the invocation's request id.
/// </summary>
public sealed class LambdaBootstrap<TEvent, TResponse>(
    RuntimeApiClient runtimeApi,
    Func<LambdaHandler<TEvent, TResponse>> initialize,
    JsonTypeInfo<TEvent> eventJson,
    JsonTypeInfo<TResponse> responseJson,
    ILogger logger)
{
    /// <summary>Left to the runtime for posting the answer once the handler has been cancelled at the deadline.</summary>
    private static readonly TimeSpan LongestMargin = TimeSpan.FromSeconds(1);

    /// <returns>The process exit code: non-zero when the runtime cannot go on (Lambda then starts a new one).</returns>
    public async Task<int> RunAsync(CancellationToken cancellationToken)
    {
        LambdaHandler<TEvent, TResponse> handler;
        try
        {
            handler = initialize();
        }
        catch (Exception exception)
        {
            logger.LogCritical(exception, "The function failed to initialise.");
            await runtimeApi.ReportInitializationErrorAsync(exception, cancellationToken);
            return 1;
        }

        while (true)
        {
            try
            {
                var invocation = await runtimeApi.GetNextInvocationAsync(cancellationToken);
                await InvokeAsync(handler, invocation, cancellationToken);
            }
            catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
            {
                // Stopped (SIGTERM): whatever was running is left unanswered, as when Lambda ends an environment.
                return 0;
            }
            catch (Exception exception) when (exception is HttpRequestException or RuntimeApiException)
            {
                // The environment is gone or broken; only a fresh start can help.
                logger.LogCritical(exception, "The Runtime API cannot be reached or refused a call; the runtime exits.");
                return 1;
            }
        }
    }

    private async Task InvokeAsync(LambdaHandler<TEvent, TResponse> handler, InvocationRequest invocation, CancellationToken cancellationToken)
    {
        using var scope = LambdaLogContext.Begin(invocation.RequestId);
        // Where Lambda puts the X-Ray trace header for SDKs and loggers to pick up.
        Environment.SetEnvironmentVariable("_X_AMZN_TRACE_ID", invocation.TraceId);
        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        var left = invocation.Deadline - DateTimeOffset.UtcNow;
        // The handler stops a little early, so its error is posted before Lambda's timeout ends the environment.
        deadline.CancelAfter(Max(left - Min(left / 5, LongestMargin), TimeSpan.Zero));
        byte[] response;
        try
        {
            var input = JsonSerializer.Deserialize(invocation.Payload, eventJson)
                ?? throw new JsonException("The invocation's payload is JSON null.");
            response = JsonSerializer.SerializeToUtf8Bytes(await handler(input, deadline.Token), responseJson);
        }
        catch (Exception exception) when (!cancellationToken.IsCancellationRequested)
        {
            logger.LogError(exception, "The invocation failed.");
            await runtimeApi.ReportInvocationErrorAsync(invocation.RequestId, exception, cancellationToken);
            return;
        }
        try
        {
            await runtimeApi.SendResponseAsync(invocation.RequestId, response, cancellationToken);
        }
        catch (RuntimeApiException exception)
        {
            // Refused (too large, say): the Runtime API has failed the invocation itself; the runtime goes on.
            logger.LogError(exception, "The response was refused.");
        }
    }

    private static TimeSpan Max(TimeSpan a, TimeSpan b) => a > b ? a : b;

    private static TimeSpan Min(TimeSpan a, TimeSpan b) => a < b ? a : b;
}
