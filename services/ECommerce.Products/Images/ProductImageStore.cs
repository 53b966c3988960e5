using System.Text.RegularExpressions;
using Amazon.S3;
using Amazon.S3.Model;
using ECommerce.Clients.S3;
using ECommerce.Contracts.Products;
using ECommerce.ServiceDefaults;
using Microsoft.Extensions.Options;

namespace ECommerce.Products.Images;

public sealed record ThumbnailLink(int Width, string Url);

/// <summary>An image with the thumbnails made of it so far (none until the thumbnail function has run).</summary>
public sealed record ProductImage(string Name, string Url, string ContentType, long Size, IReadOnlyList<ThumbnailLink> Thumbnails);

/// <summary>
/// Product images in S3 <c>ecommerce-product-images</c>, under <c>products/{id}/</c> with names the service
/// chooses: <c>main.{ext}</c> and <c>detail_N.{ext}</c>. Clients only ever get time-limited presigned URLs.
/// </summary>
public sealed partial class ProductImageStore(IAmazonS3 s3, IOptions<ProductImageOptions> options, TimeProvider clock)
{
    private const string Bucket = S3Buckets.ProductImages;

    public static string PrefixOf(Guid productId) => $"products/{productId}/";

    public static bool IsImageName(string name) => ImageName().IsMatch(name);

    public static string MainName(ImageFormat format) => $"main.{format.Extension}";

    public static string DetailName(int number, ImageFormat format) => $"detail_{number}.{format.Extension}";

    public async Task<ProductImage> PutAsync(Guid productId, string name, ImageFormat format, Stream content, long length, CancellationToken cancellationToken)
    {
        await s3.PutObjectAsync(new PutObjectRequest
        {
            BucketName = Bucket,
            Key = PrefixOf(productId) + name,
            InputStream = content,
            ContentType = format.ContentType,
            Headers = { ContentLength = length, ContentDisposition = "inline" },
            AutoCloseStream = false,
        }, cancellationToken);
        if (name.StartsWith("main.", StringComparison.Ordinal))
        {
            // One main image: a new one in another format replaces the old one (removed only once the new one is in).
            foreach (var old in (await ListAsync(productId, cancellationToken)).Where(i => i.Name.StartsWith("main.", StringComparison.Ordinal) && i.Name != name))
            {
                await s3.DeleteObjectAsync(Bucket, PrefixOf(productId) + old.Name, cancellationToken);
            }
        }
        return new ProductImage(name, UrlOf(PrefixOf(productId) + name)!, format.ContentType, length, []);
    }

    public async Task<IReadOnlyList<ProductImage>> ListAsync(Guid productId, CancellationToken cancellationToken)
    {
        var response = await s3.ListObjectsV2Async(new ListObjectsV2Request { BucketName = Bucket, Prefix = PrefixOf(productId) }, cancellationToken);
        var keys = (response.S3Objects ?? []).Select(o => o.Key).ToHashSet(StringComparer.Ordinal);
        return (response.S3Objects ?? [])
            .Select(o => (Object: o, Name: o.Key[PrefixOf(productId).Length..]))
            .Where(o => IsImageName(o.Name))
            .OrderBy(o => o.Name.StartsWith("main.", StringComparison.Ordinal) ? 0 : 1).ThenBy(o => o.Name, StringComparer.Ordinal)
            .Select(o => new ProductImage(o.Name, UrlOf(o.Object.Key)!, ContentTypeOf(o.Name), o.Object.Size ?? 0,
                ThumbnailsOf(o.Object.Key).Where(t => keys.Contains(ProductThumbnails.KeyOf(productId, o.Name, t.Width))).ToList()))
            .ToList();
    }

    public async Task<bool> DeleteAsync(Guid productId, string name, CancellationToken cancellationToken)
    {
        var images = await ListAsync(productId, cancellationToken);
        if (!images.Any(i => i.Name == name))
        {
            return false;
        }
        await s3.DeleteObjectAsync(Bucket, PrefixOf(productId) + name, cancellationToken);
        await DeleteThumbnailsAsync(productId, name, cancellationToken);
        return true;
    }

    private async Task DeleteThumbnailsAsync(Guid productId, string name, CancellationToken cancellationToken)
    {
        foreach (var width in ProductThumbnails.Widths)
        {
            await s3.DeleteObjectAsync(Bucket, ProductThumbnails.KeyOf(productId, name, width), cancellationToken);
        }
    }

    public async Task DeleteAllAsync(Guid productId, CancellationToken cancellationToken)
    {
        foreach (var image in await ListAsync(productId, cancellationToken))
        {
            await s3.DeleteObjectAsync(Bucket, PrefixOf(productId) + image.Name, cancellationToken);
            await DeleteThumbnailsAsync(productId, image.Name, cancellationToken);
        }
    }

    /// <summary>Presigned URLs of the thumbnails of the image at <paramref name="key"/>, by the names the thumbnail function writes.</summary>
    public IReadOnlyList<ThumbnailLink> ThumbnailsOf(string? key) =>
        key is not null && ProductThumbnails.TryParseOriginal(key, out var productId, out var name)
            ? ProductThumbnails.Widths.Select(width => new ThumbnailLink(width, UrlOf(ProductThumbnails.KeyOf(productId, name, width))!)).ToList()
            : [];

    /// <summary>A presigned GET for the key, or null for none. Signing is local: no call to S3.</summary>
    public string? UrlOf(string? key) => key is null ? null : s3.PresignedGetUrl(Bucket, key, clock.GetUtcNow() + options.Value.UrlLifetime);

    private static string ContentTypeOf(string name) => Path.GetExtension(name) switch
    {
        ".jpg" => ImageFormat.Jpeg.ContentType,
        ".png" => ImageFormat.Png.ContentType,
        _ => ImageFormat.WebP.ContentType,
    };

    [GeneratedRegex(@"^(main|detail_[1-9][0-9]{0,8})\.(jpg|png|webp)$")]
    private static partial Regex ImageName();
}
