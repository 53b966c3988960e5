using ECommerce.Products.Images;
using System.Text.Json.Serialization;
using ECommerce.Products.Data;

namespace ECommerce.Products.Catalog;

// Request bodies refuse properties they do not declare (an "id", "stock_level" on update, "created_at"): 400.

/// <summary>Creates a product; <see cref="StockLevel"/> is its opening stock.</summary>
[JsonUnmappedMemberHandling(JsonUnmappedMemberHandling.Disallow)]
public sealed record CreateProductRequest(string Sku, string Name, string? Description, decimal Price, int StockLevel, Guid? CategoryId);

/// <summary>Replaces a product's descriptive fields. Stock moves only through adjustments and reservations.</summary>
[JsonUnmappedMemberHandling(JsonUnmappedMemberHandling.Disallow)]
public sealed record UpdateProductRequest(string Sku, string Name, string? Description, decimal Price, Guid? CategoryId);

[JsonUnmappedMemberHandling(JsonUnmappedMemberHandling.Disallow)]
public sealed record StockAdjustmentRequest(int Delta, string? Reason);

[JsonUnmappedMemberHandling(JsonUnmappedMemberHandling.Disallow)]
public sealed record ImportProductsRequest(IReadOnlyList<CreateProductRequest> Products);

public sealed record ImportProductsResponse(int Count, IReadOnlyList<Guid> Ids);

/// <summary>
/// A product as clients see it. <see cref="Thumbnails"/> are those of the main image, at the names the thumbnail
/// function writes them to: they appear within seconds of an upload (the images listing shows which exist).
/// </summary>
public sealed record ProductResponse(
    Guid Id, string Sku, string Name, string? Description, decimal Price, int StockLevel, Guid? CategoryId,
    string? ImageUrl, IReadOnlyList<ThumbnailLink> Thumbnails, DateTimeOffset CreatedAt, DateTimeOffset UpdatedAt)
{
    public static ProductResponse From(Product product, ProductImageStore images) => new(
        product.Id, product.Sku, product.Name, product.Description, product.Price, product.StockLevel, product.CategoryId,
        images.UrlOf(product.ImageKey), images.ThumbnailsOf(product.ImageKey), product.CreatedAt, product.UpdatedAt);
}

public sealed record ProductPage(IReadOnlyList<ProductResponse> Items, int Page, int PageSize, int TotalCount, int TotalPages);
