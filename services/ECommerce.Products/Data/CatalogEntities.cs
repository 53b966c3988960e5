namespace ECommerce.Products.Data;

/// <summary>A row of <c>product_categories</c>; categories form a tree through <see cref="ParentId"/>.</summary>
public sealed class Category
{
    public Guid Id { get; set; }

    public required string Name { get; set; }

    public Guid? ParentId { get; set; }

    public DateTimeOffset CreatedAt { get; set; }

    public DateTimeOffset UpdatedAt { get; set; }
}

/// <summary>A row of <c>products</c>. Stock changes only through reservations and adjustments, never by overwrite.</summary>
public sealed class Product
{
    public Guid Id { get; set; }

    public required string Sku { get; set; }

    public required string Name { get; set; }

    public string? Description { get; set; }

    public decimal Price { get; set; }

    public int StockLevel { get; set; }

    public Guid? CategoryId { get; set; }

    /// <summary>The S3 key of the main image, under <c>products/{id}/</c>.</summary>
    public string? ImageKey { get; set; }

    /// <summary>The number of the last detail image given out (detail_N); only ever incremented in SQL.</summary>
    public int ImageSequence { get; set; }

    public DateTimeOffset CreatedAt { get; set; }

    public DateTimeOffset UpdatedAt { get; set; }
}
