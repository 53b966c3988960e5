using System.Runtime.InteropServices;
using ECommerce.Notifications.Function;
using ECommerce.Notifications.Lambda;
using Microsoft.Extensions.Logging;

// The notification function's `bootstrap`: a Lambda custom runtime that initialises the handler once, then serves
// SQS batches from the Runtime API until Lambda (or the AppHost's emulator) stops the environment.

using var loggerFactory = LoggerFactory.Create(logging => logging
    .ClearProviders()
    .SetMinimumLevel(LambdaJsonLoggerProvider.LevelFromEnvironment())
    .AddProvider(new LambdaJsonLoggerProvider(Console.Out, LambdaJsonLoggerProvider.LevelFromEnvironment())));
using var shutdown = new CancellationTokenSource();
// Lambda ends an environment with SIGTERM (and the AppHost does too): leave the loop and exit 0, not die by the signal.
using var onTerm = PosixSignalRegistration.Create(PosixSignal.SIGTERM, signal => { signal.Cancel = true; shutdown.Cancel(); });
using var onInt = PosixSignalRegistration.Create(PosixSignal.SIGINT, signal => { signal.Cancel = true; shutdown.Cancel(); });

using var telemetry = NotificationTelemetry.Start();

var bootstrap = new LambdaBootstrap<SqsEvent, SqsBatchResponse>(
    RuntimeApiClient.FromEnvironment(),
    () => NotificationTelemetry.Instrumented(NotificationFunction.Create(loggerFactory), telemetry),
    LambdaJsonContext.Default.SqsEvent,
    LambdaJsonContext.Default.SqsBatchResponse,
    loggerFactory.CreateLogger("ECommerce.Notifications.Bootstrap"));

return await bootstrap.RunAsync(shutdown.Token);
