using System.Net;
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

    /// <returns>False when the document was there already.</returns>
    public async Task<bool> PutIfAbsentAsync(string key, byte[] pdf, OrderEvent order, CancellationToken cancellationToken)
    {
        // A listing rather than a HEAD: a document not made yet is the usual case, not an error (a HEAD's 404 would be one in every trace).
        var listing = await s3.ListObjectsV2Async(new ListObjectsV2Request { BucketName = S3Buckets.OrderDocuments, Prefix = key, MaxKeys = 1 }, cancellationToken);
        if (listing.S3Objects?.Any(o => o.Key == key) == true)
        {
            return false;
        }
        using var body = new MemoryStream(pdf);
        var request = new PutObjectRequest
        {
            BucketName = S3Buckets.OrderDocuments,
            Key = key,
            InputStream = body,
            ContentType = "application/pdf",
            // S3's conditional write: of two instances that both found the key free (a partition changing hands), one wins.
            IfNoneMatch = "*",
        };
        request.Metadata[EventIdMetadata] = order.EventId.ToString();
        request.Metadata["order-id"] = order.OrderId.ToString();
        try
        {
            await s3.PutObjectAsync(request, cancellationToken);
            return true;
        }
        catch (AmazonS3Exception exception) when (exception.StatusCode is HttpStatusCode.PreconditionFailed or HttpStatusCode.Conflict)
        {
            return false;
        }
    }
}
