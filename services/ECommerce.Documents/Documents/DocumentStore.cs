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

    public async Task<bool> ExistsAsync(string key, CancellationToken cancellationToken)
    {
        try
        {
            await s3.GetObjectMetadataAsync(S3Buckets.OrderDocuments, key, cancellationToken);
            return true;
        }
        catch (AmazonS3Exception exception) when (exception.StatusCode == HttpStatusCode.NotFound)
        {
            return false;
        }
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
