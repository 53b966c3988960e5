using System.Globalization;
using Amazon.SQS;
using ECommerce.AppHost.Resources.Aws;
using Microsoft.Extensions.Logging;

namespace ECommerce.AppHost.Resources.Lambda;

/// <summary>
/// A Lambda function on a custom runtime, run locally the way Lambda runs it: the AppHost serves the Runtime API,
/// starts one real <c>bootstrap</c> process per execution environment (as many as the function's concurrency) with
/// Lambda's environment variables, replaces any that exit, time out or fail their init, and feeds it from its SQS
/// event sources. The function's timeout, memory size (as the .NET heap limit) and concurrency are honoured.
/// </summary>
public sealed class LambdaFunctionResource(string name, string assemblyPath) : Resource(name), IResourceWithEnvironment, IResourceWithWaitSupport
{
    public const string AccountId = "000000000000";

    private readonly CancellationTokenSource _stopping = new();
    private readonly List<RuntimeProcess> _processes = [];
    private Task _eventSources = Task.CompletedTask;
    private readonly List<IAmazonSQS> _sqsClients = [];

    /// <summary>The function's program (its build output), run as the custom runtime's bootstrap.</summary>
    public string AssemblyPath { get; } = assemblyPath;

    public TimeSpan Timeout { get; set; } = TimeSpan.FromSeconds(30);

    public int MemorySizeMb { get; set; } = 256;

    /// <summary>Reserved concurrency: the most invocations at once, and so the number of execution environments.</summary>
    public int Concurrency { get; set; } = 2;

    public List<(IAwsEndpointResource Aws, SqsEventSource Source)> EventSources { get; } = [];

    public string Arn => $"arn:aws:lambda:{ExistingAwsResource.DefaultRegion}:{AccountId}:function:{Name}";

    /// <summary>The Runtime API the runtime processes talk to, once started.</summary>
    public RuntimeApiEmulator? RuntimeApi { get; private set; }

    public IReadOnlyList<RuntimeProcess> RuntimeProcesses => _processes;

    /// <summary>The execution environments as dashboard resources, one per unit of concurrency.</summary>
    public List<LambdaExecutionEnvironmentResource> EnvironmentResources { get; } = [];

    /// <summary>The event source mappings as dashboard resources, in the order of <see cref="EventSources"/>.</summary>
    public List<SqsEventSourceResource> EventSourceResources { get; } = [];

    /// <summary>Starts the Runtime API, one runtime process per environment, then the event sources.</summary>
    internal async Task StartAsync(IReadOnlyDictionary<string, string> references, ILogger log, ResourceLoggerService logs,
        ResourceNotificationService notifications, TimeSpan startupTimeout, CancellationToken cancellationToken)
    {
        if (!File.Exists(AssemblyPath))
        {
            throw new DistributedApplicationException($"{Name}: the build output {AssemblyPath} does not exist. Build the solution (`dotnet build ECommerce.sln`).");
        }
        var mappings = await PrepareEventSourcesAsync(logs, cancellationToken);

        RuntimeApi = new RuntimeApiEmulator(Arn, Timeout, Enumerable.Range(0, Concurrency).Select(_ => FreeLoopbackPort()).ToList());
        await RuntimeApi.StartAsync(cancellationToken);

        var environment = FunctionEnvironment(references);
        foreach (var executionEnvironment in RuntimeApi.Environments)
        {
            var shown = EnvironmentResources[executionEnvironment.Index];
            var process = new RuntimeProcess(executionEnvironment, e => RuntimeSpec(environment, e), logs.GetLogger(shown));
            process.ProcessStarted += started => _ = notifications.PublishUpdateAsync(shown, s => s with
            {
                State = KnownResourceStates.Running,
                StartTimeStamp = DateTime.UtcNow,
                StopTimeStamp = null,
                ExitCode = null,
                // The orchestrator's own properties (the parent's name among them) stay.
                Properties = [
                    .. s.Properties.Where(p => p.Name is not ("executable.pid" or "lambda.runtimeApi" or "lambda.restarts")),
                    new("executable.pid", started.Current!.Pid),
                    new("lambda.runtimeApi", executionEnvironment.RuntimeApi),
                    new("lambda.restarts", started.Restarts)],
            });
            process.ProcessExited += (ended, exitCode) => _ = notifications.PublishUpdateAsync(shown, s => s with
            {
                State = new ResourceStateSnapshot("Replacing", KnownResourceStateStyles.Warn),
                StopTimeStamp = DateTime.UtcNow,
                ExitCode = exitCode,
            });
            _processes.Add(process);
            process.Start();
        }
        await WaitUntilInitialisedAsync(startupTimeout, cancellationToken);

        _eventSources = Task.WhenAll(mappings.Select(mapping => mapping.RunAsync(Concurrency, _stopping.Token)));
        foreach (var (mapping, shown) in mappings.Zip(EventSourceResources))
        {
            logs.GetLogger(shown).LogInformation("polling {Queue} (batch size {BatchSize}, window {Window:0.#} s, {Pollers} poller(s))",
                mapping.Source.Queue, mapping.Source.BatchSize, mapping.Source.BatchWindow.TotalSeconds, Concurrency);
            await notifications.PublishUpdateAsync(shown, s => s with { State = KnownResourceStates.Running, StartTimeStamp = DateTime.UtcNow });
        }
        log.LogInformation("{Environments} execution environment(s) initialised, {Sources} event source(s) polling", _processes.Count, mappings.Count);
    }

    /// <summary>Invokes the function directly with one event (what `aws lambda invoke` does).</summary>
    public Task<InvocationResult> InvokeAsync(byte[] payload, CancellationToken cancellationToken) =>
        (RuntimeApi ?? throw new InvalidOperationException($"{Name} has not started.")).InvokeAsync(payload, cancellationToken);

    internal async Task StopAsync()
    {
        await _stopping.CancelAsync();
        await _eventSources;
        await Task.WhenAll(_processes.Select(p => p.StopAsync()));
        if (RuntimeApi is not null)
        {
            await RuntimeApi.DisposeAsync();
        }
        _sqsClients.ForEach(sqs => sqs.Dispose());
    }

    private async Task<List<SqsEventSourceMapping>> PrepareEventSourcesAsync(ResourceLoggerService logs, CancellationToken cancellationToken)
    {
        var mappings = new List<SqsEventSourceMapping>();
        foreach (var ((aws, source), shown) in EventSources.Zip(EventSourceResources))
        {
            source.Validate();
            var sqs = await SqsClients.CreateAsync(aws, cancellationToken);
            _sqsClients.Add(sqs);
            var url = (await sqs.GetQueueUrlAsync(source.Queue, cancellationToken)).QueueUrl;
            var attributes = await sqs.GetQueueAttributesAsync(url, [QueueAttributeName.QueueArn, QueueAttributeName.VisibilityTimeout], cancellationToken);
            var visibility = TimeSpan.FromSeconds(int.Parse(attributes.Attributes["VisibilityTimeout"], CultureInfo.InvariantCulture));
            // Lambda refuses this mapping too: a batch still running would become visible and be handed out again.
            if (visibility < Timeout)
            {
                throw new DistributedApplicationException(
                    $"{Name}: queue {source.Queue} has a visibility timeout of {visibility.TotalSeconds:0} s, shorter than the function's timeout " +
                    $"({Timeout.TotalSeconds:0} s). Give the queue at least the function's timeout (AWS advises six times it).");
            }
            mappings.Add(new SqsEventSourceMapping(source, sqs, url, attributes.QueueARN, aws.Region, InvokeAsync, logs.GetLogger(shown)));
        }
        return mappings;
    }

    private async Task WaitUntilInitialisedAsync(TimeSpan startupTimeout, CancellationToken cancellationToken)
    {
        var all = Task.WhenAll(_processes.Select(p => p.Environment.Initialised));
        var exited = Task.WhenAny(_processes.Select(p => p.Current!.Exited));
        var finished = await Task.WhenAny(all, exited, Task.Delay(startupTimeout, cancellationToken));
        if (finished != all || all.IsFaulted)
        {
            var cause = finished == all ? all.Exception!.GetBaseException().Message
                : finished == exited ? "a runtime process exited during its init"
                : $"no runtime process asked for an invocation within {startupTimeout.TotalSeconds:0} s";
            throw new DistributedApplicationException($"{Name} did not start: {cause} (its log says more).");
        }
    }

    /// <summary>What Lambda sets for a custom runtime, then the references' and the function's own settings.</summary>
    private Dictionary<string, string> FunctionEnvironment(IReadOnlyDictionary<string, string> references)
    {
        var environment = new Dictionary<string, string>
        {
            ["AWS_LAMBDA_FUNCTION_NAME"] = Name,
            ["AWS_LAMBDA_FUNCTION_VERSION"] = "$LATEST",
            ["AWS_LAMBDA_FUNCTION_MEMORY_SIZE"] = MemorySizeMb.ToString(CultureInfo.InvariantCulture),
            ["AWS_LAMBDA_INITIALIZATION_TYPE"] = "on-demand",
            ["AWS_LAMBDA_LOG_GROUP_NAME"] = $"/aws/lambda/{Name}",
            ["AWS_REGION"] = ExistingAwsResource.DefaultRegion,
            ["AWS_DEFAULT_REGION"] = ExistingAwsResource.DefaultRegion,
            ["LAMBDA_TASK_ROOT"] = Path.GetDirectoryName(AssemblyPath)!,
            ["_HANDLER"] = "bootstrap",
            // The function's memory size, as a limit the .NET heap obeys.
            ["DOTNET_GCHeapHardLimit"] = $"0x{(long)MemorySizeMb * 1024 * 1024:X}",
        };
        foreach (var (key, value) in references)
        {
            environment[key] = value;
        }
        // Aspire's OTLP settings name the service through DCP's templates, which only processes DCP starts resolve.
        environment["OTEL_SERVICE_NAME"] = Name;
        return environment;
    }

    private static int FreeLoopbackPort()
    {
        using var listener = new System.Net.Sockets.TcpListener(System.Net.IPAddress.Loopback, 0);
        listener.Start();
        return ((System.Net.IPEndPoint)listener.LocalEndpoint).Port;
    }

    private ProcessSpec RuntimeSpec(Dictionary<string, string> function, ExecutionEnvironment executionEnvironment)
    {
        var environment = new Dictionary<string, string>(function)
        {
            ["AWS_LAMBDA_RUNTIME_API"] = executionEnvironment.RuntimeApi,
            ["AWS_LAMBDA_LOG_STREAM_NAME"] = $"{DateTime.UtcNow:yyyy/MM/dd}/[$LATEST]{Guid.NewGuid():N}",
            ["OTEL_RESOURCE_ATTRIBUTES"] = $"service.instance.id={Name}-env-{executionEnvironment.Index}",
        };
        return new ProcessSpec("dotnet", [AssemblyPath]) { WorkingDirectory = Path.GetDirectoryName(AssemblyPath), Environment = environment };
    }
}
