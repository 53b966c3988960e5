using System.Runtime.InteropServices;
using Microsoft.Extensions.Logging;

namespace ECommerce.Lambda.RuntimeSupport;

/// <summary>
/// The <c>bootstrap</c> of an SQS-triggered function on Lambda's custom runtime: JSON logs at Lambda's log level,
/// telemetry, and the Runtime API loop, which initialises the handler once and then serves batches until Lambda
/// (or the AppHost's emulator) stops the environment.
/// </summary>
public static class SqsFunctionHost
{
    /// <returns>The process exit code.</returns>
    public static async Task<int> RunAsync(string functionName, string activitySourceName, SqsFunctionMetrics metrics,
        Func<ILoggerFactory, LambdaHandler<SqsEvent, SqsBatchResponse>> initialize)
    {
        using var loggerFactory = LoggerFactory.Create(logging => logging
            .ClearProviders()
            .SetMinimumLevel(LambdaJsonLoggerProvider.LevelFromEnvironment())
            .AddProvider(new LambdaJsonLoggerProvider(Console.Out, LambdaJsonLoggerProvider.LevelFromEnvironment())));
        using var shutdown = new CancellationTokenSource();
        // Lambda ends an environment with SIGTERM (and the AppHost does too): leave the loop and exit 0, not die by the signal.
        using var onTerm = PosixSignalRegistration.Create(PosixSignal.SIGTERM, signal => { signal.Cancel = true; shutdown.Cancel(); });
        using var onInt = PosixSignalRegistration.Create(PosixSignal.SIGINT, signal => { signal.Cancel = true; shutdown.Cancel(); });

        using var telemetry = FunctionTelemetry.Start(functionName, activitySourceName, metrics.Meter);

        var bootstrap = new LambdaBootstrap<SqsEvent, SqsBatchResponse>(
            RuntimeApiClient.FromEnvironment(),
            () => metrics.Instrument(initialize(loggerFactory), telemetry),
            LambdaJsonContext.Default.SqsEvent,
            LambdaJsonContext.Default.SqsBatchResponse,
            loggerFactory.CreateLogger($"{activitySourceName}.Bootstrap"));

        return await bootstrap.RunAsync(shutdown.Token);
    }
}
