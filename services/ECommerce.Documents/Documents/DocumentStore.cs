using Amazon.S3;
using Amazon.S3.Model;
using ECommerce.Contracts.Orders;
using ECommerce.ServiceDefaults;

namespace ECommerce.Documents.Documents;

/// <summary>
/// The documents in S3 <c>ecommerce-order-documents</c>. Each object records the event it was made from; a document
/// that already exists is never written again, so a redelivered event leaves the object (and, with versioning on,
/// its version history) as it was.
/// </summary>
public sealed class DocumentStore(IAmazonS3 s3)
{
    public const string EventIdMetadata = "event-id";

    // A listing rather than a HEAD: a document not made yet is the usual case, not an error (a HEAD's 404 would be one in every trace).
    public async Task<bool> ExistsAsync(string key, CancellationToken cancellationToken)
    {
        var listing = await s3.ListObjectsV2Async(new ListObjectsV2Request { BucketName = S3Buckets.OrderDocuments, Prefix = key, MaxKeys = 1 }, cancellationToken);
        return listing.S3Objects?.Any(o => o.Key == key) == true;
    }

    public async Task PutAsync(string key, byte[] pdf, OrderEvent order, CancellationToken cancellationToken)
    {
        using var body = new MemoryStream(pdf);
        var request = new PutObjectRequest
        {
            BucketName = S3Buckets.OrderDocuments,
            Key = key,
            InputStream = body,
            ContentType = "application/pdf",
        };
        request.Metadata[EventIdMetadata] = order.EventId.ToString();
        request.Metadata["order-id"] = order.OrderId.ToString();
        await s3.PutObjectAsync(request, cancellationToken);
    }
}
