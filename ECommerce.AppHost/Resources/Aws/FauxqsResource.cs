using Amazon.S3;
using Amazon.SQS;
using ECommerce.Clients.S3;
using ECommerce.Clients.Sqs;
using ECommerce.ServiceDefaults.Aws;

namespace ECommerce.AppHost.Resources.Aws;

/// <summary>A queue to create, with its dead-letter redrive when it has one.</summary>
public sealed record QueueDefinition(string Name, TimeSpan? Retention = null, string? DeadLetterQueue = null, int MaxReceiveCount = 3, TimeSpan? VisibilityTimeout = null);

/// <summary>
/// SQS and S3: the fauxqs emulator from the pinned npm package (on the Node.js runtime pinned beside it), bound to
/// 127.0.0.1, with its queues and buckets created before it reports healthy and its state kept in the data folder.
/// </summary>
public sealed class FauxqsResource(string name, string command, string workingDirectory)
    : ExecutableResource(name, command, workingDirectory), IAwsEndpointResource, IAwsCatalog
{
    public const string Region = ExistingAwsResource.DefaultRegion;

    public List<QueueDefinition> Queues { get; } = [];

    public List<string> Buckets { get; } = [];

    public HashSet<string> VersionedBuckets { get; } = [];

    /// <summary>Bucket event notifications to queues, which this emulator sends itself (fauxqs has none).</summary>
    public List<BucketNotification> Notifications { get; } = [];

    public EndpointReference Endpoint => new(this, "http");

    public IReadOnlyList<string> ServiceIds => [AwsServices.Sqs, AwsServices.S3];

    string IAwsEndpointResource.Region => Region;

    public ReferenceExpression ServiceUrl => ReferenceExpression.Create($"{Endpoint}");

    ReferenceExpression? IAwsEndpointResource.ServiceUrl => ServiceUrl;

    public bool IsLocalEmulator => true;

    private AwsServiceSettings Settings => new(Region, new Uri(Endpoint.Url));

    /// <summary>An SQS client for the emulator (it takes any credentials).</summary>
    public AmazonSQSClient CreateSqsClient() => new(LocalCredentials.Instance, SqsExtensions.CreateConfig(Settings));

    public AmazonS3Client CreateS3Client() => new(LocalCredentials.Instance, S3Extensions.CreateConfig(Settings));

    public AwsResourceKind? KindOf(string name) =>
        Queues.Any(q => q.Name == name) ? AwsResourceKind.Queue : Buckets.Contains(name) ? AwsResourceKind.Bucket : null;
}
