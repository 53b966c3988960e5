using System.Globalization;
using ECommerce.AppHost.Hosting;
using ECommerce.AppHost.Hosting.Processes;
using ECommerce.AppHost.Resources.Aws;
using ECommerce.AppHost.Resources.Projects;
using ECommerce.ServiceDefaults.Aws.Sqs;

namespace ECommerce.AppHost.Resources.Lambda;

/// <summary>
/// A Lambda function on a custom runtime, run locally the way Lambda runs it: the AppHost serves the Runtime API,
/// starts one real <c>bootstrap</c> process per execution environment (as many as the function's concurrency) with
/// Lambda's environment variables, replaces any that exit, time out or fail their init, and feeds it from its SQS
/// event sources. The function's timeout, memory size (as the .NET heap limit) and concurrency are honoured.
/// </summary>
public sealed class LambdaFunctionResource(string name, string projectPath) : Resource(name), IResourceWithProject, IResourceWithEnvironment
{
    public const string AccountId = "000000000000";

    private readonly CancellationTokenSource _stopping = new();
    private readonly List<RuntimeProcess> _processes = [];
    private Task _eventSources = Task.CompletedTask;
    private HttpClient? _sqsHttp;

    public override string Kind => "lambda";

    /// <summary>Relative to the repository root.</summary>
    public string ProjectPath { get; } = projectPath;

    public string? AssemblyPath { get; set; }

    public TimeSpan Timeout { get; set; } = TimeSpan.FromSeconds(30);

    public int MemorySizeMb { get; set; } = 256;

    /// <summary>Reserved concurrency: the most invocations at once, and so the number of execution environments.</summary>
    public int Concurrency { get; set; } = 2;

    public List<Resource> References { get; } = [];

    public Dictionary<string, string> Environment { get; } = [];

    public List<(FauxqsResource Aws, SqsEventSource Source)> EventSources { get; } = [];

    public string Arn => $"arn:aws:lambda:{AwsResource.LocalRegion}:{AccountId}:function:{Name}";

    /// <summary>The Runtime API the runtime processes talk to, once started.</summary>
    public RuntimeApiEmulator? RuntimeApi { get; private set; }

    public IReadOnlyList<RuntimeProcess> RuntimeProcesses => _processes;

    /// <summary>The runtime processes, one per execution environment.</summary>
    public override string ProcessSummary => string.Join(",", _processes.Select(p => p.Current?.Pid));

    public override async Task StartAsync(ResourceContext context, CancellationToken cancellationToken)
    {
        var assembly = AssemblyPath ?? ProjectResource.ConventionalOutput(Path.Combine(context.Options.RepositoryRoot, ProjectPath));
        if (!File.Exists(assembly))
        {
            throw new ResourceStartException($"{this}: the build output {assembly} does not exist. Build the solution (`dotnet build ECommerce.sln`).");
        }
        var log = context.OpenLog(this);
        var mappings = await PrepareEventSourcesAsync(log, cancellationToken);

        var ports = Enumerable.Range(0, Concurrency).Select(_ => context.AllocatePort(this, 0)).ToList();
        RuntimeApi = new RuntimeApiEmulator(Arn, Timeout, ports);
        await RuntimeApi.StartAsync(cancellationToken);
        Endpoints["runtime-api"] = string.Join(",", RuntimeApi.Environments.Select(e => e.RuntimeApi));

        var environment = FunctionEnvironment(assembly);
        foreach (var executionEnvironment in RuntimeApi.Environments)
        {
            var process = new RuntimeProcess(executionEnvironment, e => RuntimeSpec(assembly, environment, e), log);
            _processes.Add(process);
            process.Start();
        }
        await WaitUntilInitialisedAsync(context, log, cancellationToken);

        _eventSources = Task.WhenAll(mappings.Select(mapping => mapping.RunAsync(Concurrency, _stopping.Token)));
        foreach (var mapping in mappings)
        {
            log.Write($"event source: polling {mapping.Source.Queue} (batch size {mapping.Source.BatchSize}, window {mapping.Source.BatchWindow.TotalSeconds:0.#} s, {Concurrency} poller(s))");
        }
    }

    /// <summary>Invokes the function directly with one event (what `aws lambda invoke` does).</summary>
    public Task<InvocationResult> InvokeAsync(byte[] payload, CancellationToken cancellationToken) =>
        (RuntimeApi ?? throw new InvalidOperationException($"{this} has not started.")).InvokeAsync(payload, cancellationToken);

    public override async Task StopAsync(CancellationToken cancellationToken)
    {
        await _stopping.CancelAsync();
        await _eventSources;
        await Task.WhenAll(_processes.Select(p => p.StopAsync()));
        if (RuntimeApi is not null)
        {
            await RuntimeApi.DisposeAsync();
        }
        _sqsHttp?.Dispose();
    }

    private async Task<List<SqsEventSourceMapping>> PrepareEventSourcesAsync(ResourceLog log, CancellationToken cancellationToken)
    {
        var mappings = new List<SqsEventSourceMapping>();
        foreach (var (aws, source) in EventSources)
        {
            source.Validate();
            _sqsHttp ??= new HttpClient { Timeout = AmazonSQSClient.HttpTimeout };
            var sqs = aws.CreateSqsClient(_sqsHttp);
            var url = (await sqs.GetQueueUrlAsync(new GetQueueUrlRequest { QueueName = source.Queue }, cancellationToken)).QueueUrl;
            var attributes = await sqs.GetQueueAttributesAsync(new GetQueueAttributesRequest { QueueUrl = url, AttributeNames = ["QueueArn", "VisibilityTimeout"] }, cancellationToken);
            var visibility = TimeSpan.FromSeconds(int.Parse(attributes.Attributes["VisibilityTimeout"], CultureInfo.InvariantCulture));
            // Lambda refuses this mapping too: a batch still running would become visible and be handed out again.
            if (visibility < Timeout)
            {
                throw new ResourceStartException(
                    $"{this}: queue {source.Queue} has a visibility timeout of {visibility.TotalSeconds:0} s, shorter than the function's timeout " +
                    $"({Timeout.TotalSeconds:0} s). Give the queue at least the function's timeout (AWS advises six times it).");
            }
            mappings.Add(new SqsEventSourceMapping(source, sqs, url, attributes.QueueARN!, aws.Region, InvokeAsync, log));
        }
        return mappings;
    }

    private async Task WaitUntilInitialisedAsync(ResourceContext context, ResourceLog log, CancellationToken cancellationToken)
    {
        var all = Task.WhenAll(_processes.Select(p => p.Environment.Initialised));
        var exited = Task.WhenAny(_processes.Select(p => p.Current!.Exited));
        var finished = await Task.WhenAny(all, exited, Task.Delay(context.Options.StartupTimeout, cancellationToken));
        if (finished != all || all.IsFaulted)
        {
            var cause = finished == all ? all.Exception!.GetBaseException().Message
                : finished == exited ? "a runtime process exited during its init"
                : $"no runtime process asked for an invocation within {context.Options.StartupTimeout.TotalSeconds:0} s";
            throw new ResourceStartException($"{this} did not start: {cause}. Last lines of {log.Path}:\n  " + string.Join("\n  ", log.Tail(20)));
        }
    }

    /// <summary>What Lambda sets for a custom runtime, then the references' and the function's own settings.</summary>
    private Dictionary<string, string> FunctionEnvironment(string assembly)
    {
        var environment = new Dictionary<string, string>
        {
            ["AWS_LAMBDA_FUNCTION_NAME"] = Name,
            ["AWS_LAMBDA_FUNCTION_VERSION"] = "$LATEST",
            ["AWS_LAMBDA_FUNCTION_MEMORY_SIZE"] = MemorySizeMb.ToString(CultureInfo.InvariantCulture),
            ["AWS_LAMBDA_INITIALIZATION_TYPE"] = "on-demand",
            ["AWS_LAMBDA_LOG_GROUP_NAME"] = $"/aws/lambda/{Name}",
            ["AWS_REGION"] = AwsResource.LocalRegion,
            ["AWS_DEFAULT_REGION"] = AwsResource.LocalRegion,
            ["LAMBDA_TASK_ROOT"] = Path.GetDirectoryName(assembly)!,
            ["_HANDLER"] = "bootstrap",
            // The function's memory size, as a limit the .NET heap obeys.
            ["DOTNET_GCHeapHardLimit"] = $"0x{(long)MemorySizeMb * 1024 * 1024:X}",
        };
        foreach (var (key, value) in References.SelectMany(r => r.GetReferenceEnvironment()).Concat(Environment))
        {
            environment[key] = value;
        }
        return environment;
    }

    private static ProcessSpec RuntimeSpec(string assembly, Dictionary<string, string> function, ExecutionEnvironment executionEnvironment)
    {
        var environment = new Dictionary<string, string>(function)
        {
            ["AWS_LAMBDA_RUNTIME_API"] = executionEnvironment.RuntimeApi,
            ["AWS_LAMBDA_LOG_STREAM_NAME"] = $"{DateTime.UtcNow:yyyy/MM/dd}/[$LATEST]{Guid.NewGuid():N}",
        };
        return new ProcessSpec("dotnet", [assembly]) { WorkingDirectory = Path.GetDirectoryName(assembly), Environment = environment };
    }
}
