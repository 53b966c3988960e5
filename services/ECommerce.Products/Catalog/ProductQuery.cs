using ECommerce.Products.Categories;
using ECommerce.Products.Data;
using Microsoft.AspNetCore.Mvc;
using Microsoft.EntityFrameworkCore;

namespace ECommerce.Products.Catalog;

/// <summary>The query string of <c>GET /api/v1/products</c>.</summary>
public sealed record ProductQuery(
    int? Page,
    [FromQuery(Name = "page_size")] int? PageSize,
    Guid? Category,
    [FromQuery(Name = "min_price")] decimal? MinPrice,
    [FromQuery(Name = "max_price")] decimal? MaxPrice,
    string? Q,
    string? Sort)
{
    public const int DefaultPageSize = 20;
    public const int MaximumPageSize = 100;
    public const int MaximumSearchLength = 100;

    /// <summary>Deep pages cost a scan of everything before them; nobody browses 10,000 pages.</summary>
    public const int MaximumPage = 10_000;

    public static readonly string[] SortOrders = ["name", "-name", "price", "-price", "created_at", "-created_at"];

    /// <summary>Errors keyed by parameter name; empty when the query is acceptable.</summary>
    public Dictionary<string, string[]> Validate()
    {
        var errors = new Dictionary<string, string[]>();
        if (Page is < 1 or > MaximumPage)
        {
            errors["page"] = [$"'page' must be between 1 and {MaximumPage}."];
        }
        if (PageSize is < 1 or > MaximumPageSize)
        {
            errors["page_size"] = [$"'page_size' must be between 1 and {MaximumPageSize}."];
        }
        if (MinPrice is < 0 || MaxPrice is < 0 || MinPrice > MaxPrice)
        {
            errors["price"] = ["'min_price' and 'max_price' must be non-negative, with min_price <= max_price."];
        }
        if (Q is { Length: > MaximumSearchLength } || (Q is not null && Q.Any(char.IsControl)))
        {
            errors["q"] = [$"'q' must be at most {MaximumSearchLength} characters, without control characters."];
        }
        if (Sort is not null && !SortOrders.Contains(Sort))
        {
            errors["sort"] = [$"'sort' must be one of: {string.Join(", ", SortOrders)}."];
        }
        return errors;
    }

    public async Task<(List<Product> Items, int Total)> RunAsync(CatalogDbContext db, CancellationToken cancellationToken)
    {
        var products = db.Products.AsNoTracking();
        if (Category is { } categoryId)
        {
            var categories = CategoryTree.SelfAndDescendants(db, categoryId);
            products = products.Where(p => p.CategoryId != null && categories.Contains(p.CategoryId.Value));
        }
        if (MinPrice is { } min)
        {
            products = products.Where(p => p.Price >= min);
        }
        if (MaxPrice is { } max)
        {
            products = products.Where(p => p.Price <= max);
        }
        if (!string.IsNullOrWhiteSpace(Q))
        {
            var pattern = "%" + EscapeLike(Q.Trim()) + "%";
            products = products.Where(p => EF.Functions.ILike(p.Name, pattern, "\\"));
        }

        var total = await products.CountAsync(cancellationToken);
        var ordered = Sort switch
        {
            "-name" => products.OrderByDescending(p => p.Name),
            "price" => products.OrderBy(p => p.Price),
            "-price" => products.OrderByDescending(p => p.Price),
            "created_at" => products.OrderBy(p => p.CreatedAt),
            "-created_at" => products.OrderByDescending(p => p.CreatedAt),
            _ => products.OrderBy(p => p.Name),
        };
        var size = PageSize ?? DefaultPageSize;
        var items = await ordered.ThenBy(p => p.Id)
            .Skip(((Page ?? 1) - 1) * size).Take(size)
            .ToListAsync(cancellationToken);
        return (items, total);
    }

    // The search term is text, not a pattern: % and _ match themselves.
    private static string EscapeLike(string term) => term.Replace("\\", "\\\\").Replace("%", "\\%").Replace("_", "\\_");
}
