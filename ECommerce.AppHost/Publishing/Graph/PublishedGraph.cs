using Amazon.DynamoDBv2.Model;
using ECommerce.AppHost.Resources.Aws;
using ECommerce.AppHost.Resources.Lambda;

namespace ECommerce.AppHost.Publishing.Graph;

/// <summary>
/// The application model as the clouds need it: every writer (Kubernetes, SAM, Dataproc, Terraform) reads this and
/// nothing else, so what the AppHost's Program.cs declares is what every output names.
/// </summary>
public sealed record PublishedGraph(
    IReadOnlyList<ServiceSpec> Services,
    IReadOnlyList<FunctionSpec> Functions,
    IReadOnlyList<SparkJobSpec> SparkJobs,
    IReadOnlyList<CreateTableRequest> Tables,
    IReadOnlyDictionary<string, string> TimeToLive,
    IReadOnlyList<QueueDefinition> Queues,
    IReadOnlyList<BucketSpec> Buckets,
    IReadOnlyList<string> Databases)
{
    /// <summary>Every Secret a workload reads, with the workloads that read it.</summary>
    public IReadOnlyList<(SecretRef Secret, IReadOnlyList<string> ReadBy)> Secrets =>
        Services.SelectMany(s => s.Environment.Select(e => (e.Value, s.Name)))
            .Where(e => e.Value is SecretRef)
            .GroupBy(e => (SecretRef)e.Value)
            .OrderBy(g => g.Key.Name, StringComparer.Ordinal)
            .Select(g => (g.Key, (IReadOnlyList<string>)g.Select(e => e.Name).Distinct().Order(StringComparer.Ordinal).ToList()))
            .ToList();
}

/// <summary>A web service (a project resource): a container with its API on one port and its management on another.</summary>
/// <param name="Callers">The services that call it (they reference it in the model).</param>
/// <param name="IsPublic">Its API is the system's public entry point.</param>
/// <param name="ExportsTelemetry">It sends traces, metrics and logs over OTLP.</param>
/// <param name="AlsoOnGke">It is also deployed to the GKE cluster (beside the data it reads on GCP).</param>
public sealed record ServiceSpec(
    string Name,
    bool IsPublic,
    bool AlsoOnGke,
    IReadOnlyList<EnvVar> Environment,
    IReadOnlyList<string> Callers,
    IReadOnlyList<ResolvedGrant> Grants,
    bool ExportsTelemetry)
{
    public bool UsesAws => Grants.Count > 0;
}

/// <summary>A Lambda function on a custom runtime, with its SQS event sources.</summary>
public sealed record FunctionSpec(
    string Name,
    TimeSpan Timeout,
    int MemorySizeMb,
    int Concurrency,
    IReadOnlyList<EnvVar> Environment,
    IReadOnlyList<SqsEventSource> EventSources,
    IReadOnlyList<ResolvedGrant> Grants)
{
    /// <summary>The deployable zip the project builds (eng/package-{name}.sh).</summary>
    public string PackageFile => $"{Name}-lambda.zip";
}

/// <summary>A PySpark job for Dataproc: its files, the topic it reads, the table and bucket it writes.</summary>
public sealed record SparkJobSpec(
    string Name,
    string MainPythonFile,
    IReadOnlyList<string> PythonFiles,
    string InputTopic,
    string DeadLetterTopic,
    IReadOnlyList<ResolvedGrant> Grants);

/// <param name="Notifications">Where the bucket sends its object-created events (queues of the model).</param>
public sealed record BucketSpec(string Name, bool Versioned, IReadOnlyList<BucketNotification> Notifications);

/// <summary>An AWS grant with what it names resolved against the catalogs.</summary>
public sealed record ResolvedGrant(AwsResourceKind Kind, string Name, AwsAccessLevel Access);

public sealed record EnvVar(string Name, EnvValue Value);

public abstract record EnvValue;

/// <summary>A value written into the manifest as it is.</summary>
public sealed record Literal(string Value) : EnvValue;

/// <summary>A secret's value, read from a Secret at run time; the files never hold it.</summary>
/// <param name="Source">What the model calls it (a parameter or a connection string).</param>
public sealed record SecretRef(string Name, string Key, string Source) : EnvValue;

/// <summary>A value of the environment deployed to (<see cref="DeploymentSetting"/>).</summary>
public sealed record SettingRef(string Key) : EnvValue;
