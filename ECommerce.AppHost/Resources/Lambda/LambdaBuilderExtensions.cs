using System.Reflection;
using ECommerce.AppHost.Resources.Aws;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace ECommerce.AppHost.Resources.Lambda;

public static class LambdaBuilderExtensions
{
    /// <summary>
    /// A Lambda function whose program (project <typeparamref name="TProject"/>, built with the AppHost) is its custom
    /// runtime's bootstrap. It shows in the dashboard with its runtime processes, Runtime API and event sources.
    /// </summary>
    public static IResourceBuilder<LambdaFunctionResource> AddLambdaFunction<TProject>(this IDistributedApplicationBuilder builder, string name)
        where TProject : IProjectMetadata, new()
    {
        var project = new TProject().ProjectPath;
        var configuration = typeof(LambdaBuilderExtensions).Assembly.GetCustomAttribute<AssemblyConfigurationAttribute>()?.Configuration ?? "Debug";
        // The conventional build output, in the configuration the AppHost itself was built in.
        var assembly = Path.Combine(Path.GetDirectoryName(project)!, "bin", configuration, "net10.0", Path.GetFileNameWithoutExtension(project) + ".dll");
        var function = builder.AddResource(new LambdaFunctionResource(name, assembly))
            .WithInitialState(new CustomResourceSnapshot { ResourceType = "Lambda", Properties = [new("lambda.runtime", "provided.al2023")] })
            .WithIconName("Flash")
            // Its spans join the dashboard's traces (the relay passes the order's trace context on in each message).
            .WithOtlpExporter()
            .OnInitializeResource(StartAsync);
        // The environments and event sources are known once the graph is complete (tests change the concurrency).
        builder.Eventing.Subscribe<BeforeStartEvent>((e, _) =>
        {
            // A test may have taken the function out of the graph.
            if (e.Model.Resources.Contains(function.Resource))
            {
                AddChildResources(builder, function);
            }
            return Task.CompletedTask;
        });
        return function;
    }

    /// <summary>Each execution environment and each event source as a resource under the function, with its own state and log.</summary>
    private static void AddChildResources(IDistributedApplicationBuilder builder, IResourceBuilder<LambdaFunctionResource> function)
    {
        var resource = function.Resource;
        for (var index = 0; index < resource.Concurrency; index++)
        {
            var environment = builder.AddResource(new LambdaExecutionEnvironmentResource($"{resource.Name}-env-{index}", resource, index))
                .WithInitialState(new CustomResourceSnapshot { ResourceType = "LambdaEnvironment", Properties = [], State = KnownResourceStates.NotStarted })
                .WithIconName("Server")
                .WithParentRelationship(function);
            resource.EnvironmentResources.Add(environment.Resource);
        }
        foreach (var (_, source) in resource.EventSources)
        {
            var mapping = builder.AddResource(new SqsEventSourceResource($"{resource.Name}-{source.Queue}", resource, source))
                .WithInitialState(new CustomResourceSnapshot
                {
                    ResourceType = "SqsEventSource",
                    State = KnownResourceStates.NotStarted,
                    Properties = [new("sqs.queue", source.Queue), new("sqs.batchSize", source.BatchSize),
                        new("sqs.batchWindow", $"{source.BatchWindow.TotalSeconds:0.#} s"), new("sqs.reportBatchItemFailures", source.ReportBatchItemFailures)],
                })
                .WithIconName("ArrowSync")
                .WithParentRelationship(function);
            resource.EventSourceResources.Add(mapping.Resource);
        }
    }

    /// <summary>The function's timeout, memory size and reserved concurrency, as in its Lambda configuration.</summary>
    public static IResourceBuilder<LambdaFunctionResource> WithSettings(this IResourceBuilder<LambdaFunctionResource> function,
        TimeSpan timeout, int memorySizeMb, int concurrency)
    {
        if (timeout < TimeSpan.FromSeconds(1) || timeout > TimeSpan.FromMinutes(15))
        {
            throw new ArgumentOutOfRangeException(nameof(timeout), timeout, "A Lambda function's timeout is 1 second to 15 minutes.");
        }
        if (memorySizeMb is < 128 or > 10_240)
        {
            throw new ArgumentOutOfRangeException(nameof(memorySizeMb), memorySizeMb, "A Lambda function has 128 to 10,240 MB.");
        }
        ArgumentOutOfRangeException.ThrowIfLessThan(concurrency, 1);
        function.Resource.Timeout = timeout;
        function.Resource.MemorySizeMb = memorySizeMb;
        function.Resource.Concurrency = concurrency;
        return function;
    }

    /// <summary>Triggers the function from a queue of <paramref name="aws"/>, as an event source mapping does.</summary>
    public static IResourceBuilder<LambdaFunctionResource> WithSqsEventSource(this IResourceBuilder<LambdaFunctionResource> function,
        IResourceBuilder<IAwsEndpointResource> aws, SqsEventSource source)
    {
        source.Validate();
        function.Resource.EventSources.Add((aws.Resource, source));
        // Lambda reads the queue with the function's role: its policy must let it receive and delete.
        return function.WithReferenceRelationship(aws.Resource).WithAwsAccess(aws, reads: [source.Queue]);
    }

    private static async Task StartAsync(LambdaFunctionResource function, InitializeResourceEvent e, CancellationToken cancellationToken)
    {
        // Waits for what the function waits for (WaitFor), as Aspire does before it starts any resource.
        await e.Eventing.PublishAsync(new BeforeResourceStartedEvent(function, e.Services), cancellationToken);
        await e.Notifications.PublishUpdateAsync(function, s => s with { State = KnownResourceStates.Starting });
        try
        {
            var configuration = await ExecutionConfigurationBuilder.Create(function)
                .WithEnvironmentVariablesConfig()
                // The application's own execution context: references resolve against the running graph (the dashboard's OTLP endpoint among them).
                .BuildAsync(e.Services.GetRequiredService<DistributedApplicationExecutionContext>(), e.Logger, cancellationToken);
            var references = configuration.EnvironmentVariables.ToDictionary();
            await function.StartAsync(references, e.Logger, e.Services.GetRequiredService<ResourceLoggerService>(), e.Notifications,
                TimeSpan.FromSeconds(90), cancellationToken);
            e.Services.GetRequiredService<IHostApplicationLifetime>().ApplicationStopping.Register(() => function.StopAsync().GetAwaiter().GetResult());
            await e.Notifications.PublishUpdateAsync(function, s => s with
            {
                State = KnownResourceStates.Running,
                StartTimeStamp = DateTime.UtcNow,
                Properties =
                [
                    .. s.Properties,
                    new("lambda.arn", function.Arn),
                    new("lambda.timeout", $"{function.Timeout.TotalSeconds:0} s"),
                    new("lambda.memory", $"{function.MemorySizeMb} MB"),
                    new("lambda.concurrency", function.Concurrency),
                ],
            });
        }
        catch (Exception exception) when (exception is not OperationCanceledException)
        {
            e.Logger.LogError(exception, "the function did not start");
            await e.Notifications.PublishUpdateAsync(function, s => s with { State = KnownResourceStates.FailedToStart });
        }
    }
}
