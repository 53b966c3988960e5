using ECommerce.AppHost.Hosting;
using ECommerce.AppHost.Resources.Aws;
using ECommerce.AppHost.Resources.DynamoDb;
using ECommerce.AppHost.Resources.Kafka;
using ECommerce.AppHost.Resources.Lambda;
using ECommerce.AppHost.Resources.Parameters;
using ECommerce.AppHost.Resources.Postgres;
using ECommerce.AppHost.Resources.Projects;
using ECommerce.ServiceDefaults;

namespace ECommerce.Tests.Harness;

/// <summary>
/// The whole AppHost graph — infrastructure and services — booted once for the tests of the "graph" collection,
/// plus a test-only probe service that references every infrastructure resource the way a real service does.
/// </summary>
public sealed class GraphFixture : IAsyncLifetime
{
    public const string ProbeName = "probe";

    /// <summary>The one browser origin the test graph's gateway allows.</summary>
    public const string AllowedOrigin = "https://shop.example";

    /// <summary>How long an order may stay unpaid in the test graph.</summary>
    public static readonly TimeSpan PaymentTimeout = TimeSpan.FromSeconds(20);
    /// <summary>
    /// The notification function's timeout in the test graph, and the order-events queue's visibility timeout: longer
    /// than the timeout plus the batching window, so a batch that is still running never comes back meanwhile.
    /// </summary>
    public static readonly TimeSpan FunctionTimeout = TimeSpan.FromSeconds(4);
    public static readonly TimeSpan QueueVisibilityTimeout = TimeSpan.FromSeconds(8);
    public const string SecondProbeName = "probe-two";
    private const string ProbeProject = "ECommerce.Tests/ProbeService/ECommerce.Tests.ProbeService.csproj";

    private readonly string _dataDirectory = TestAppHost.NewDataDirectory();

    public DistributedApplication App { get; private set; } = null!;

    public KafkaResource Kafka => App.GetResource<KafkaResource>(ResourceNames.Kafka);

    public DynamoDbLocalResource DynamoDb => App.GetResource<DynamoDbLocalResource>(ResourceNames.DynamoDb);

    public FauxqsResource Aws => App.GetResource<FauxqsResource>(ResourceNames.Aws);

    public PostgresDatabaseResource Database => App.GetResource<PostgresDatabaseResource>(ResourceNames.Database);

    public LambdaFunctionResource Notifications => App.GetResource<LambdaFunctionResource>(ResourceNames.Notifications);

    public ProjectResource Probe => App.GetResource<ProjectResource>(ProbeName);

    public ServiceClient Users => new(App.GetResource<ProjectResource>(ResourceNames.Users).Url!);

    public ServiceClient Products => new(App.GetResource<ProjectResource>(ResourceNames.Products).Url!);

    public ServiceClient Orders => new(App.GetResource<ProjectResource>(ResourceNames.Orders).Url!);

    public ServiceClient Payments => new(App.GetResource<ProjectResource>(ResourceNames.Payments).Url!);

    /// <summary>The public entry point, as a client outside the cluster sees the system.</summary>
    public ServiceClient Gateway => new(App.GetResource<ProjectResource>(ResourceNames.Gateway).Url!);

    public TestTokens Tokens => new(App.GetResource<ParameterResource>("jwt-signing-key").Value, AppHost.TokenExtensions.Issuer, AppHost.TokenExtensions.Audience);

    /// <summary>Customers and the configured administrator, signed in against the users service.</summary>
    public Accounts Accounts => new(Users, App.GetResource<ParameterResource>("admin-email").Value, App.GetResource<ParameterResource>("admin-password").Value);

    public async Task InitializeAsync()
    {
        var builder = await TestAppHost.CreateBuilderAsync(_dataDirectory);
        var second = AddProbe(builder, SecondProbeName);
        AddProbe(builder, ProbeName).WithReference(second);
        // Short enough to be seen within a test: an upstream that hangs, an order left unpaid.
        builder.GetResource<ProjectResource>(ResourceNames.Gateway)
            .WithEnvironment("Gateway__UpstreamTimeout", "00:00:03")
            .WithEnvironment("Gateway__AllowedOrigins__0", AllowedOrigin);
        builder.GetResource<ProjectResource>(ResourceNames.Orders)
            .WithEnvironment("Orders__PaymentTimeout", PaymentTimeout.ToString())
            .WithEnvironment("Orders__SweepInterval", "00:00:01");
        // A short function timeout and visibility timeout: a failed message is retried, and dead-lettered, within a test.
        builder.GetResource<LambdaFunctionResource>(ResourceNames.Notifications).WithSettings(FunctionTimeout, memorySizeMb: 256, concurrency: 2);
        var queues = builder.GetResource<FauxqsResource>(ResourceNames.Aws).Resource.Queues;
        var orderEvents = queues.FindIndex(q => q.Name == SqsQueues.OrderEvents);
        queues[orderEvents] = queues[orderEvents] with { VisibilityTimeout = QueueVisibilityTimeout };

        App = builder.Build();
        try
        {
            await App.StartAsync();
        }
        catch
        {
            await App.StopAsync();
            throw;
        }
    }

    /// <summary>Adds a probe service that references every infrastructure resource of the graph, as a real service does.</summary>
    public static IResourceBuilder<ProjectResource> AddProbe(DistributedApplicationBuilder builder, string name) =>
        builder.AddProject(name, ProbeProject)
            .WithReference(builder.GetResource<PostgresDatabaseResource>(ResourceNames.Database))
            .WithReference(builder.GetResource<KafkaResource>(ResourceNames.Kafka))
            .WithReference(builder.GetResource<DynamoDbLocalResource>(ResourceNames.DynamoDb))
            .WithReference(builder.GetResource<FauxqsResource>(ResourceNames.Aws));

    public async Task DisposeAsync()
    {
        await App.StopAsync();
        TestAppHost.DeleteDataDirectory(_dataDirectory);
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
        await using var connection = new Npgsql.NpgsqlConnection(graph.Database.ConnectionString);
        await connection.OpenAsync();
        await using var command = new Npgsql.NpgsqlCommand(sql, connection);
        foreach (var (name, value) in parameters)
        {
            command.Parameters.AddWithValue(name, value);
        }
        return (T)(await command.ExecuteScalarAsync())!;
    }
}
