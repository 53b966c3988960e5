using System.Diagnostics;
using System.Net;
using System.Text.Json;
using Amazon.Runtime;
using Amazon.S3;
using Amazon.S3.Model;
using ECommerce.Contracts.Products;
using ECommerce.Lambda.RuntimeSupport;
using Microsoft.Extensions.Logging;

namespace ECommerce.Thumbnails.Function;

/// <summary>
/// Makes the thumbnails of each product image an S3 event names, beside it under <c>thumbnails/</c>. Idempotent:
/// each thumbnail records the ETag of the original it was made from, and an original whose thumbnails all carry its
/// current ETag is not read again, so a redelivered event costs three HEAD requests. After writing, the original is
/// looked at again: replaced meanwhile, the message is retried so the thumbnails end up made from the latest one
/// (events of one key may arrive in any order and be handled at once); deleted meanwhile, the thumbnails go too. Keys that are not originals
/// (thumbnails themselves, specification PDFs) are passed over: the bucket's notification cannot exclude them.
/// A message whose image cannot be used is reported as a batch item failure, and only it: SQS delivers it again
/// until its redrive policy moves it to the dead-letter queue, while the rest of the batch succeeds. Messages not
/// reached before the invocation's deadline are reported as failures too, so they come back rather than being lost.
/// </summary>
public sealed class ThumbnailHandler(IAmazonS3 s3, ThumbnailMaker maker, ImageLimits limits, ILogger<ThumbnailHandler> logger)
{
    public const string SourceETagMetadata = "source-etag";

    public async Task<SqsBatchResponse> HandleAsync(SqsEvent batch, CancellationToken cancellationToken)
    {
        var failures = new List<BatchItemFailure>();
        // One image at a time: decoding is CPU-bound, and a function environment has little CPU to share.
        foreach (var message in batch.Records)
        {
            bool handled;
            try
            {
                handled = !cancellationToken.IsCancellationRequested && await HandleAsync(message, cancellationToken);
            }
            catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
            {
                handled = false;
            }
            if (!handled)
            {
                failures.Add(new BatchItemFailure { ItemIdentifier = message.MessageId });
            }
        }
        return new SqsBatchResponse { BatchItemFailures = failures };
    }

    private async Task<bool> HandleAsync(SqsMessage message, CancellationToken cancellationToken)
    {
        S3Event? s3Event;
        try
        {
            s3Event = JsonSerializer.Deserialize(message.Body, LambdaJsonContext.Default.S3Event);
        }
        catch (JsonException exception)
        {
            logger.LogError("Message {MessageId} is not an S3 event: {Error}", message.MessageId, exception.Message);
            return false;
        }
        if (s3Event?.Event == S3Event.TestEvent)
        {
            return true;
        }
        if (s3Event?.Records is not { Count: > 0 } records)
        {
            logger.LogError("Message {MessageId} is not an S3 event: it has no records", message.MessageId);
            return false;
        }
        var handled = true;
        foreach (var record in records)
        {
            handled &= await HandleAsync(record, cancellationToken);
        }
        return handled;
    }

    private async Task<bool> HandleAsync(S3EventRecord record, CancellationToken cancellationToken)
    {
        var bucket = record.S3.Bucket.Name;
        var key = record.S3.Object.ObjectKey;
        if (!record.EventName.StartsWith("ObjectCreated:", StringComparison.Ordinal) || !ProductThumbnails.TryParseOriginal(key, out var productId, out var imageName))
        {
            ThumbnailTelemetry.Handled("skipped");
            return true;
        }
        using var activity = ThumbnailTelemetry.StartImage(record);
        var started = Stopwatch.GetTimestamp();
        try
        {
            if (await CurrentETagAsync(bucket, key, cancellationToken) is not { } etag)
            {
                // Deleted since: nothing to make.
                ThumbnailTelemetry.Handled("skipped");
                return true;
            }
            var targets = ProductThumbnails.Widths.Select(width => ProductThumbnails.KeyOf(productId, imageName, width)).ToList();
            if (await AllMadeFromAsync(bucket, targets, etag, cancellationToken))
            {
                logger.LogInformation("Thumbnails of {Key} are already made from ETag {ETag}", key, etag);
                ThumbnailTelemetry.Handled("already_made");
                return true;
            }
            if (record.S3.Object.Size > limits.MaxBytes)
            {
                throw new UnusableImageException($"{record.S3.Object.Size} bytes is more than the {limits.MaxBytes} allowed");
            }
            var original = await ReadAsync(bucket, key, cancellationToken);
            var thumbnails = maker.Make(original.Bytes, ProductThumbnails.Widths, cancellationToken);
            foreach (var (thumbnail, target) in thumbnails.Zip(targets))
            {
                await WriteAsync(bucket, target, thumbnail, original.ETag, cancellationToken);
            }
            switch (await CurrentETagAsync(bucket, key, cancellationToken))
            {
                case null:
                    await Task.WhenAll(targets.Select(target => s3.DeleteObjectAsync(bucket, target, cancellationToken)));
                    ThumbnailTelemetry.Handled("skipped");
                    return true;
                case var current when current != original.ETag:
                    logger.LogInformation("{Key} was replaced while its thumbnails were made; they are made again", key);
                    return false;
            }
            var elapsed = Stopwatch.GetElapsedTime(started);
            logger.LogInformation("Made thumbnails of {Key}: {Sizes} in {Milliseconds:0} ms", key,
                string.Join(", ", thumbnails.Select(t => $"{t.Width}×{t.Height} ({t.Webp.Length} bytes)")), elapsed.TotalMilliseconds);
            ThumbnailTelemetry.Handled("made", elapsed);
            return true;
        }
        catch (UnusableImageException exception)
        {
            // Reported: the log names the object and why; the message goes on to the dead-letter queue.
            logger.LogError("Rejected {Bucket}/{Key}: {Reason}", bucket, key, exception.Message);
            activity?.SetStatus(ActivityStatusCode.Error, exception.Message);
            ThumbnailTelemetry.Handled("rejected");
            return false;
        }
        catch (Exception exception) when (exception is AmazonServiceException or HttpRequestException)
        {
            logger.LogWarning("Thumbnails of {Key} failed for now, to be tried again: {Error}", key, exception.Message);
            activity?.SetStatus(ActivityStatusCode.Error, exception.Message);
            return false;
        }
    }

    private async Task<string?> CurrentETagAsync(string bucket, string key, CancellationToken cancellationToken)
    {
        try
        {
            return (await s3.GetObjectMetadataAsync(bucket, key, cancellationToken)).ETag;
        }
        catch (AmazonS3Exception exception) when (exception.StatusCode == HttpStatusCode.NotFound)
        {
            return null;
        }
    }

    private async Task<bool> AllMadeFromAsync(string bucket, IEnumerable<string> targets, string etag, CancellationToken cancellationToken)
    {
        foreach (var target in targets)
        {
            try
            {
                var metadata = await s3.GetObjectMetadataAsync(bucket, target, cancellationToken);
                if (metadata.Metadata[SourceETagMetadata] != etag.Trim('"'))
                {
                    return false;
                }
            }
            catch (AmazonS3Exception exception) when (exception.StatusCode == HttpStatusCode.NotFound)
            {
                return false;
            }
        }
        return true;
    }

    private async Task<(byte[] Bytes, string ETag)> ReadAsync(string bucket, string key, CancellationToken cancellationToken)
    {
        using var response = await s3.GetObjectAsync(bucket, key, cancellationToken);
        if (response.ContentLength > limits.MaxBytes)
        {
            throw new UnusableImageException($"{response.ContentLength} bytes is more than the {limits.MaxBytes} allowed");
        }
        using var buffer = new MemoryStream((int)Math.Max(response.ContentLength, 0));
        await response.ResponseStream.CopyToAsync(buffer, cancellationToken);
        return (buffer.ToArray(), response.ETag);
    }

    private async Task WriteAsync(string bucket, string key, Thumbnail thumbnail, string sourceETag, CancellationToken cancellationToken)
    {
        using var body = new MemoryStream(thumbnail.Webp);
        var request = new PutObjectRequest { BucketName = bucket, Key = key, InputStream = body, ContentType = "image/webp" };
        request.Metadata[SourceETagMetadata] = sourceETag.Trim('"');
        request.Metadata["width"] = thumbnail.Width.ToString(System.Globalization.CultureInfo.InvariantCulture);
        request.Metadata["height"] = thumbnail.Height.ToString(System.Globalization.CultureInfo.InvariantCulture);
        await s3.PutObjectAsync(request, cancellationToken);
    }
}
