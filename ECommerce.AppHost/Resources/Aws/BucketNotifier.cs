using System.Globalization;
using System.Net;
using System.Text.Json;
using Amazon.S3;
using Amazon.S3.Model;
using ECommerce.Lambda.RuntimeSupport;
using Microsoft.Extensions.Logging;

namespace ECommerce.AppHost.Resources.Aws;

/// <summary>
/// S3 event notifications for fauxqs, which has none: the bucket is listed twice a second, and each object that is
/// new or changed since the last listing becomes one message in S3's own event format (version 2.1, key URL-encoded,
/// one record per message, S3's test event first) on the configured queue. What reads the queue therefore gets what
/// it would get from S3 on AWS. Objects there before the AppHost started are not announced, as S3 announces only
/// what happens after a notification is configured; an object written and replaced within one interval is announced
/// once.
/// </summary>
public sealed class BucketNotifier(FauxqsResource aws, BucketNotification notification, ILogger log)
{
    public static readonly TimeSpan Interval = TimeSpan.FromMilliseconds(500);

    public async Task RunAsync(Action<string> announced, CancellationToken cancellationToken)
    {
        using var s3 = aws.CreateS3Client();
        using var sqs = aws.CreateSqsClient();
        var queueUrl = (await sqs.GetQueueUrlAsync(notification.Queue, cancellationToken)).QueueUrl;
        var seen = (await ListAsync(s3, cancellationToken)).ToDictionary(o => o.Key, Fingerprint);
        await sqs.SendMessageAsync(queueUrl, TestEvent(), cancellationToken);
        log.LogInformation("notifying {Queue} of objects created in {Bucket} under '{Prefix}' ({Existing} already there)",
            notification.Queue, notification.Bucket, notification.Prefix, seen.Count);

        var sequence = DateTime.UtcNow.Ticks;
        using var timer = new PeriodicTimer(Interval);
        while (await timer.WaitForNextTickAsync(cancellationToken))
        {
            try
            {
                var current = await ListAsync(s3, cancellationToken);
                foreach (var created in current.Where(o => seen.GetValueOrDefault(o.Key) != Fingerprint(o)))
                {
                    await sqs.SendMessageAsync(queueUrl, EventFor(created, ++sequence), cancellationToken);
                    seen[created.Key] = Fingerprint(created);
                    announced(created.Key);
                }
                // Deleted: if the key is written again, that is a new object.
                foreach (var gone in seen.Keys.Except(current.Select(o => o.Key)).ToList())
                {
                    seen.Remove(gone);
                }
            }
            catch (Exception exception) when (!cancellationToken.IsCancellationRequested)
            {
                // The emulator frozen or restarting: what changed meanwhile is announced once it answers again.
                log.LogWarning("bucket notification paused: {Error}", exception.Message);
            }
        }
    }

    private async Task<List<S3Object>> ListAsync(IAmazonS3 s3, CancellationToken cancellationToken)
    {
        var objects = new List<S3Object>();
        var request = new ListObjectsV2Request { BucketName = notification.Bucket, Prefix = notification.Prefix };
        ListObjectsV2Response response;
        do
        {
            response = await s3.ListObjectsV2Async(request, cancellationToken);
            objects.AddRange((response.S3Objects ?? []).Where(o => notification.Matches(o.Key)));
            request.ContinuationToken = response.NextContinuationToken;
        }
        while (response.IsTruncated == true);
        return objects;
    }

    private static string Fingerprint(S3Object o) => $"{o.ETag}|{o.Size}|{o.LastModified?.ToUniversalTime():O}";

    private string EventFor(S3Object created, long sequence) => JsonSerializer.Serialize(new S3Event
    {
        Records =
        [
            new S3EventRecord
            {
                AwsRegion = FauxqsResource.Region,
                EventTime = created.LastModified is { } modified ? new DateTimeOffset(modified.ToUniversalTime()) : DateTimeOffset.UtcNow,
                EventName = "ObjectCreated:Put",
                S3 = new S3Entity
                {
                    ConfigurationId = notification.Id,
                    Bucket = new S3BucketEntity { Name = notification.Bucket, Arn = $"arn:aws:s3:::{notification.Bucket}" },
                    Object = new S3ObjectEntity
                    {
                        // S3 form-encodes keys in events (a space becomes '+').
                        Key = WebUtility.UrlEncode(created.Key).Replace("%2F", "/", StringComparison.Ordinal),
                        Size = created.Size ?? 0,
                        ETag = created.ETag?.Trim('"'),
                        Sequencer = sequence.ToString("X16", CultureInfo.InvariantCulture),
                    },
                },
            },
        ],
    }, LambdaJsonContext.Default.S3Event);

    private string TestEvent() => JsonSerializer.Serialize(new Dictionary<string, string>
    {
        ["Service"] = "Amazon S3",
        ["Event"] = S3Event.TestEvent,
        ["Time"] = DateTimeOffset.UtcNow.ToString("yyyy-MM-ddTHH:mm:ss.fffZ", CultureInfo.InvariantCulture),
        ["Bucket"] = notification.Bucket,
        ["RequestId"] = Guid.NewGuid().ToString("N")[..16].ToUpperInvariant(),
    });
}
