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
Console.CancelKeyPress += (_, e) => { e.Cancel = true; shutdown.Cancel(); };
AppDomain.CurrentDomain.ProcessExit += (_, _) => shutdown.Cancel();

var bootstrap = new LambdaBootstrap<SqsEvent, SqsBatchResponse>(
    RuntimeApiClient.FromEnvironment(),
    () => NotificationFunction.Create(loggerFactory),
    LambdaJsonContext.Default.SqsEvent,
    LambdaJsonContext.Default.SqsBatchResponse,
    loggerFactory.CreateLogger("ECommerce.Notifications.Bootstrap"));

return await bootstrap.RunAsync(shutdown.Token);
