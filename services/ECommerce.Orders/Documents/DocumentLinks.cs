using Amazon.S3;
using Amazon.S3.Model;
using ECommerce.Clients.S3;
using ECommerce.Contracts.Orders;
using ECommerce.ServiceDefaults;

namespace ECommerce.Orders.Documents;

public sealed record OrderDocumentLink(string Kind, string FileName, long Size, DateTimeOffset CreatedAt, string Url, DateTimeOffset ExpiresAt);

/// <summary>
/// The documents an order has in S3 <c>ecommerce-order-documents</c>, each with a presigned GET URL that expires
/// after <see cref="Lifetime"/>: the bucket is never public, so a URL is the only way in, and only callers allowed to
/// see the order get one.
/// </summary>
public sealed class DocumentLinks(IAmazonS3 s3, TimeProvider clock)
{
    public static readonly TimeSpan Lifetime = TimeSpan.FromMinutes(5);

    public async Task<IReadOnlyList<OrderDocumentLink>> ListAsync(Guid orderId, CancellationToken cancellationToken)
    {
        var listing = await s3.ListObjectsV2Async(new ListObjectsV2Request
        {
            BucketName = S3Buckets.OrderDocuments,
            Prefix = OrderDocuments.Prefix(orderId),
        }, cancellationToken);
        var expiresAt = clock.GetUtcNow().Add(Lifetime);
        var links = new List<OrderDocumentLink>();
        foreach (var item in listing.S3Objects ?? [])
        {
            if (OrderDocuments.KindOf(orderId, item.Key) is not { } kind)
            {
                continue;
            }
            var url = s3.PresignedGetUrl(S3Buckets.OrderDocuments, item.Key, expiresAt);
            links.Add(new OrderDocumentLink(kind, Path.GetFileName(item.Key), item.Size ?? 0,
                item.LastModified is { } modified ? new DateTimeOffset(modified.ToUniversalTime()) : expiresAt - Lifetime, url, expiresAt));
        }
        return links.OrderBy(link => Array.IndexOf(OrderDocuments.Kinds, link.Kind)).ToList();
    }
}
