using System.Collections.Concurrent;
using Aspire.Hosting;
using Aspire.Hosting.Testing;
using Microsoft.Extensions.DependencyInjection;
using Aspire.Hosting.ApplicationModel;
using ECommerce.AppHost;
using ECommerce.AppHost.Resources.Aws;
using ECommerce.AppHost.Resources.DynamoDb;
using ECommerce.AppHost.Resources.Kafka;
using ECommerce.AppHost.Resources.Lambda;
using ECommerce.ServiceDefaults;

namespace ECommerce.Tests.Harness;

/// <summary>
/// The whole AppHost graph — infrastructure, services, the function and the dashboard — booted once for the tests of
/// the "graph" collection through Aspire.Hosting.Testing, plus a test-only probe service that references every
/// infrastructure resource the way a real service does.
/// </summary>
public sealed class GraphFixture : IAsyncLifetime
{
    public const string ProbeName = "probe";
    public const string SecondProbeName = "probe-two";

    /// <summary>The one browser origin the test graph's gateway allows.</summary>
    public const string AllowedOrigin = "https://shop.example";

    /// <summary>How long an order may stay unpaid in the test graph.</summary>
    public static readonly TimeSpan PaymentTimeout = TimeSpan.FromSeconds(20);

    /// <summary>How old stock reserved for an order never stored must be before the orders service gives the placement up.</summary>
    public static readonly TimeSpan PlacementAbandonedAfter = TimeSpan.FromSeconds(10);

    /// <summary>How long a payment may stay pending before the payments service asks the card gateway what became of it.</summary>
    public static readonly TimeSpan ResolvePendingAfter = TimeSpan.FromSeconds(5);

    /// <summary>
    /// The notification function's timeout in the test graph, and the order-events queue's visibility timeout: longer
    /// than the timeout plus the batching window, so a batch that is still running never comes back meanwhile.
    /// </summary>
    public static readonly TimeSpan FunctionTimeout = TimeSpan.FromSeconds(4);
    public static readonly TimeSpan QueueVisibilityTimeout = TimeSpan.FromSeconds(8);

    private const string ProbeProject = "ECommerce.Tests/ProbeService/ECommerce.Tests.ProbeService.csproj";

    /// <summary>
    /// A second analytics job on topics of its own, for events the tests make up (their times are far from now): the
    /// graph's own job keeps its watermark at the present.
    /// </summary>
    public const string TestAnalyticsName = "analytics-test";
    public static readonly AnalyticsStreams TestAnalytics = new("ecommerce-analytics-test", "orders-test", "analytics-windows-test", "analytics-dead-letters-test");

    /// <summary>
    /// A third job, run by two instances that share its partitions, which the restart test kills one of: its own
    /// topics and state, so no other test sees its watermark.
    /// </summary>
    public const string RestartAnalyticsName = "analytics-restart";
    public const string RestartAnalyticsSecondName = "analytics-restart-2";
    public static readonly AnalyticsStreams RestartAnalytics = new("ecommerce-analytics-restart", "orders-restart", "analytics-windows-restart", "analytics-dead-letters-restart");
    public static readonly TimeSpan AnalyticsGrace = TimeSpan.FromSeconds(10);

    private readonly string _dataDirectory = TestAppHost.NewDataDirectory();
    private readonly ConcurrentQueue<string> _functionLog = new();
    private readonly CancellationTokenSource _stopping = new();

    public DistributedApplication App { get; private set; } = null!;

    public KafkaMockClusterResource Kafka => App.Resource<KafkaMockClusterResource>(ResourceNames.Kafka);

    /// <summary>The Kafka brokers the services are given.</summary>
    public string KafkaBrokers => Kafka.Cluster!.BootstrapServers;

    public DynamoDbLocalResource DynamoDb => App.Resource<DynamoDbLocalResource>(ResourceNames.DynamoDb);

    public FauxqsResource Aws => App.Resource<FauxqsResource>(ResourceNames.Aws);

    public LambdaFunctionResource Notifications => App.Resource<LambdaFunctionResource>(ResourceNames.Notifications);

    public string DatabaseConnectionString { get; private set; } = "";

    public string ProbeUrl => App.HttpUrl(ProbeName);

    public ServiceClient Users => new(App.HttpUrl(ResourceNames.Users));

    public ServiceClient Products => new(App.HttpUrl(ResourceNames.Products));

    public ServiceClient Orders => new(App.HttpUrl(ResourceNames.Orders));

    public ServiceClient Payments => new(App.HttpUrl(ResourceNames.Payments));

    /// <summary>The keys the orders and payments services call internal APIs with.</summary>
    public string OrdersServiceKey { get; private set; } = "";

    public string PaymentsServiceKey { get; private set; } = "";

    /// <summary>The users service as the orders service calls it: its internal API needs the caller's key.</summary>
    public ServiceClient UsersAsOrders => Users.AsService(OrdersServiceKey);

    /// <summary>The products service as the orders service calls it (stock reservations).</summary>
    public ServiceClient ProductsAsOrders => Products.AsService(OrdersServiceKey);

    /// <summary>The orders service as the payments service calls it (the saga's steps).</summary>
    public ServiceClient OrdersAsPayments => Orders.AsService(PaymentsServiceKey);

    /// <summary>The public entry point, as a client outside the cluster sees the system.</summary>
    public ServiceClient Gateway => new(App.HttpUrl(ResourceNames.Gateway));

    public TestTokens Tokens { get; private set; } = null!;

    /// <summary>Customers and the configured administrator, signed in against the users service.</summary>
    public Accounts Accounts { get; private set; } = null!;

    /// <summary>The key the idempotency fingerprints are made with.</summary>
    public string FingerprintKey { get; private set; } = "";

    /// <summary>The notification function's log as the dashboard shows it: its runtime processes' output and the emulator's lines.</summary>
    public IReadOnlyList<string> FunctionLog => _functionLog.ToArray();

    public async Task InitializeAsync()
    {
        var builder = await TestAppHost.CreateBuilderAsync(_dataDirectory, dashboard: true);
        var second = AddProbe(builder, SecondProbeName);
        AddProbe(builder, ProbeName).WithReference(second).WaitFor(second);
        // Short enough to be seen within a test: an upstream that hangs, an order left unpaid.
        builder.CreateResourceBuilder<ProjectResource>(ResourceNames.Gateway)
            .WithEnvironment("Gateway__UpstreamTimeout", "00:00:03")
            .WithEnvironment("Gateway__AllowedOrigins__0", AllowedOrigin);
        builder.CreateResourceBuilder<ProjectResource>(ResourceNames.Orders)
            .WithEnvironment("Orders__PaymentTimeout", PaymentTimeout.ToString())
            .WithEnvironment("Orders__PlacementAbandonedAfter", PlacementAbandonedAfter.ToString())
            .WithEnvironment("Orders__SweepInterval", "00:00:01");
        builder.CreateResourceBuilder<ProjectResource>(ResourceNames.Payments)
            .WithEnvironment("Payments__ResolvePendingAfter", ResolvePendingAfter.ToString());
        // A short function timeout and visibility timeout: a failed message is retried, and dead-lettered, within a test.
        builder.CreateResourceBuilder<LambdaFunctionResource>(ResourceNames.Notifications).WithSettings(FunctionTimeout, memorySizeMb: 256, concurrency: 2);
        builder.CreateResourceBuilder<LambdaFunctionResource>(ResourceNames.Thumbnails).WithSettings(FunctionTimeout, memorySizeMb: 1024, concurrency: 2);
        AddTestAnalytics(builder, TestAnalyticsName, TestAnalytics);
        AddTestAnalytics(builder, RestartAnalyticsName, RestartAnalytics);
        AddTestAnalytics(builder, RestartAnalyticsSecondName, RestartAnalytics).WithEnvironment("Analytics__InstanceId", "2");
        var queues = builder.CreateResourceBuilder<FauxqsResource>(ResourceNames.Aws).Resource.Queues;
        var orderEvents = queues.FindIndex(q => q.Name == SqsQueues.OrderEvents);
        queues[orderEvents] = queues[orderEvents] with { VisibilityTimeout = QueueVisibilityTimeout };
        var imageEvents = queues.FindIndex(q => q.Name == SqsQueues.ProductImageEvents);
        queues[imageEvents] = queues[imageEvents] with { VisibilityTimeout = QueueVisibilityTimeout };

        App = await builder.BuildAsync();
        await App.StartAndWaitUntilHealthyAsync(TimeSpan.FromMinutes(4));
        // The function's environments and event source join the graph as it starts; watching replays their logs so far.
        _ = CollectFunctionLogAsync();

        DatabaseConnectionString = (await App.GetConnectionStringAsync(ResourceNames.Database))!;
        Tokens = new TestTokens(await ParameterAsync("jwt-signing-key"), AppHost.TokenExtensions.Issuer, AppHost.TokenExtensions.Audience);
        Accounts = new Accounts(Users, await ParameterAsync("admin-email"), await ParameterAsync("admin-password"));
        FingerprintKey = await ParameterAsync("idempotency-fingerprint-key");
        OrdersServiceKey = await ParameterAsync(AppHost.InternalApiExtensions.KeyParameterOf(ResourceNames.Orders));
        PaymentsServiceKey = await ParameterAsync(AppHost.InternalApiExtensions.KeyParameterOf(ResourceNames.Payments));
    }

    /// <summary>Adds a probe service that references every infrastructure resource of the graph, as a real service does.</summary>
    public static IResourceBuilder<ProjectResource> AddProbe(IDistributedApplicationBuilder builder, string name)
    {
        var database = builder.CreateResourceBuilder<IResourceWithConnectionString>(ResourceNames.Database);
        var kafka = builder.CreateResourceBuilder<IResourceWithConnectionString>(ResourceNames.Kafka);
        var dynamodb = builder.CreateResourceBuilder<IAwsEndpointResource>(ResourceNames.DynamoDb);
        var aws = builder.CreateResourceBuilder<IAwsEndpointResource>(ResourceNames.Aws);
        return builder.AddProject(name, Path.Combine(RepositoryRoot, ProbeProject))
            .WithHttpEndpoint(name: "http")
            .WithEndpoint("http", endpoint => endpoint.TargetHost = "127.0.0.1")
            .WithHttpHealthCheck("/health")
            .WithReference(database).WaitFor(database)
            .WithReference(kafka).WaitFor(kafka)
            .WithAwsReference(dynamodb).WaitFor(dynamodb)
            .WithAwsReference(aws).WaitFor(aws);
    }

    private static IResourceBuilder<ProjectResource> AddTestAnalytics(IDistributedApplicationBuilder builder, string name, AnalyticsStreams names)
    {
        var kafka = builder.CreateResourceBuilder<KafkaMockClusterResource>(ResourceNames.Kafka).WithAnalyticsTopics(names);
        var dynamodb = builder.CreateResourceBuilder<IAwsEndpointResource>(ResourceNames.DynamoDb);
        var aws = builder.CreateResourceBuilder<IAwsEndpointResource>(ResourceNames.Aws);
        return builder.AddProject<Projects.ECommerce_Analytics>(name)
            .WithServiceEndpoints(port: 0, managementPort: 0)
            .WithReference(kafka).WaitFor(kafka)
            .WithAwsReference(dynamodb).WaitFor(dynamodb)
            .WithAwsReference(aws).WaitFor(aws)
            .WithStreamsSettings(kafka)
            .WithEnvironment("Analytics__ApplicationId", names.ApplicationId)
            .WithEnvironment("Analytics__InputTopic", names.InputTopic)
            .WithEnvironment("Analytics__WindowsTopic", names.WindowsTopic)
            .WithEnvironment("Analytics__DeadLetterTopic", names.DeadLetterTopic)
            .WithEnvironment("Analytics__Grace", AnalyticsGrace.ToString())
            .WithEnvironment("Analytics__QuietAfter", "00:00:03");
    }

    /// <summary>The checkout, found from the test's build output.</summary>
    public static string RepositoryRoot { get; } = FindRepositoryRoot();

    public async Task DisposeAsync()
    {
        await _stopping.CancelAsync();
        await App.StopAsync();
        await App.DisposeAsync();
        TestAppHost.DeleteDataDirectory(_dataDirectory);
    }

    /// <summary>Runs a resource's dashboard command, as a person clicking it would.</summary>
    public async Task CommandAsync(string resourceName, string command)
    {
        var result = await App.Services.GetRequiredService<ResourceCommandService>().ExecuteCommandAsync(resourceName, command);
        Assert.True(result.Success, $"{resourceName} {command}: {result.Message}");
    }

    /// <summary>Stops a resource from its dashboard command and waits until its process is gone.</summary>
    public async Task StopAsync(string resourceName)
    {
        await CommandAsync(resourceName, KnownResourceCommands.StopCommand);
        await WaitUntilStoppedAsync(resourceName);
    }

    /// <summary>Waits until a resource's process has ended (stopped, killed or crashed).</summary>
    public Task WaitUntilStoppedAsync(string resourceName) =>
        App.ResourceNotifications.WaitForResourceAsync(resourceName, e => e.Snapshot.State?.Text is "Exited" or "Finished" or "FailedToStart")
            .WaitAsync(TimeSpan.FromSeconds(30));

    /// <summary>Starts a stopped resource from its dashboard command and waits until it is healthy again.</summary>
    public async Task StartAsync(string resourceName)
    {
        await CommandAsync(resourceName, KnownResourceCommands.StartCommand);
        await App.ResourceNotifications.WaitForResourceHealthyAsync(resourceName).WaitAsync(TimeSpan.FromSeconds(90));
    }

    private async Task<string> ParameterAsync(string name) =>
        (await App.Resource<ParameterResource>(name).GetValueAsync(default))!;

    /// <summary>A resource's console output so far (what its Console page in the dashboard shows), for a failing test's message.</summary>
    public async Task<string> ConsoleOfAsync(string resourceName, int lastLines = 60)
    {
        var lines = new List<string>();
        // A project runs as a replica with an id of its own (name plus suffix); its console is kept under that id.
        var id = App.ResourceNotifications.TryGetCurrentState(resourceName, out var state) ? state.ResourceId : resourceName;
        using var replayed = new CancellationTokenSource(TimeSpan.FromSeconds(2));
        try
        {
            await foreach (var batch in App.Services.GetRequiredService<ResourceLoggerService>().WatchAsync(id).WithCancellation(replayed.Token))
            {
                lines.AddRange(batch.Select(line => line.Content));
            }
        }
        catch (OperationCanceledException)
        {
            // The watch replays what was written, then waits for more: two seconds is all it takes.
        }
        return string.Join('\n', lines.TakeLast(lastLines));
    }

    /// <summary>The function's log with its execution environments' and event source's: what the dashboard shows under it.</summary>
    private Task CollectFunctionLogAsync()
    {
        var function = Notifications;
        var logs = App.Services.GetRequiredService<ResourceLoggerService>();
        return Task.WhenAll(new IResource[] { function }.Concat(function.EnvironmentResources).Concat(function.EventSourceResources)
            .Select(async resource =>
            {
                try
                {
                    await foreach (var batch in logs.WatchAsync(resource.Name).WithCancellation(_stopping.Token))
                    {
                        foreach (var line in batch)
                        {
                            _functionLog.Enqueue(line.Content);
                        }
                    }
                }
                catch (OperationCanceledException)
                {
                }
            }));
    }

    private static string FindRepositoryRoot()
    {
        for (var directory = new DirectoryInfo(AppContext.BaseDirectory); directory is not null; directory = directory.Parent)
        {
            if (File.Exists(Path.Combine(directory.FullName, "ECommerce.sln")))
            {
                return directory.FullName;
            }
        }
        throw new InvalidOperationException($"No ECommerce.sln above {AppContext.BaseDirectory}.");
    }
}

[CollectionDefinition(Name)]
public sealed class GraphCollection : ICollectionFixture<GraphFixture>
{
    public const string Name = "graph";
}

public static class DatabaseQueries
{
    /// <summary>One scalar from the graph's PostgreSQL database, for checking what a service stored (or did not).</summary>
    public static async Task<T> ScalarAsync<T>(this GraphFixture graph, string sql, params (string Name, object Value)[] parameters)
    {
        await using var connection = new Npgsql.NpgsqlConnection(graph.DatabaseConnectionString);
        await connection.OpenAsync();
        await using var command = new Npgsql.NpgsqlCommand(sql, connection);
        foreach (var (name, value) in parameters)
        {
            command.Parameters.AddWithValue(name, value);
        }
        return (T)(await command.ExecuteScalarAsync())!;
    }
}
