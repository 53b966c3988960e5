namespace ECommerce.Products.Images;

/// <summary>The <c>ProductImages</c> section.</summary>
public sealed class ProductImageOptions
{
    public const string SectionName = "ProductImages";

    public long MaxBytes { get; set; } = 5 * 1024 * 1024;

    /// <summary>How long a presigned URL handed to a client stays valid.</summary>
    public TimeSpan UrlLifetime { get; set; } = TimeSpan.FromMinutes(15);
}
