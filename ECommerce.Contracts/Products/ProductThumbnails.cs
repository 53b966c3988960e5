using System.Text.RegularExpressions;

namespace ECommerce.Contracts.Products;

/// <summary>
/// Where the thumbnails of a product image live in S3 <c>ecommerce-product-images</c>: beside the original, under
/// <c>products/{product_id}/thumbnails/{image}-{width}.webp</c> (<c>main.jpg</c> → <c>main-160.webp</c>, <c>main-480.webp</c>).
/// The thumbnail function writes them; the products service lists them with the image.
/// </summary>
public static partial class ProductThumbnails
{
    public const string Folder = "thumbnails/";

    public static readonly int[] Widths = [160, 480];

    /// <summary>The product and image name of an original's key, or false for any other key (a thumbnail among them).</summary>
    public static bool TryParseOriginal(string key, out Guid productId, out string imageName)
    {
        var match = OriginalKey().Match(key);
        productId = match.Success ? Guid.Parse(match.Groups["product"].ValueSpan) : Guid.Empty;
        imageName = match.Success ? match.Groups["image"].Value : "";
        return match.Success;
    }

    public static string KeyOf(Guid productId, string imageName, int width) =>
        $"products/{productId}/{Folder}{Path.GetFileNameWithoutExtension(imageName)}-{width}.webp";

    [GeneratedRegex(@"^products/(?<product>[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12})/(?<image>(main|detail_[1-9][0-9]{0,8})\.(jpg|png|webp))$")]
    private static partial Regex OriginalKey();
}
