using ECommerce.Products.Data;
using Microsoft.EntityFrameworkCore;

namespace ECommerce.Products.Catalog;

/// <summary>The checks of a batch import that need the database or the whole batch: duplicate and taken SKUs, unknown categories.</summary>
public static class ProductImport
{
    public static async Task<Dictionary<string, string[]>> FindConflictsAsync(
        IReadOnlyList<CreateProductRequest> rows, CatalogDbContext db, CancellationToken cancellationToken)
    {
        var errors = new Dictionary<string, List<string>>();
        void Add(int row, string field, string message) =>
            (errors.TryGetValue($"products[{row}].{field}", out var list) ? list : errors[$"products[{row}].{field}"] = []).Add(message);

        var skus = rows.Select(r => r.Sku).ToList();
        var taken = (await db.Products.Where(p => skus.Contains(p.Sku)).Select(p => p.Sku).ToListAsync(cancellationToken)).ToHashSet();
        var categoryIds = rows.Where(r => r.CategoryId is not null).Select(r => r.CategoryId!.Value).Distinct().ToList();
        var knownCategories = (await db.Categories.Where(c => categoryIds.Contains(c.Id)).Select(c => c.Id).ToListAsync(cancellationToken)).ToHashSet();

        var firstRowOfSku = new Dictionary<string, int>();
        for (var row = 0; row < rows.Count; row++)
        {
            var sku = rows[row].Sku;
            if (taken.Contains(sku))
            {
                Add(row, "sku", $"SKU '{sku}' already exists.");
            }
            else if (!firstRowOfSku.TryAdd(sku, row))
            {
                Add(row, "sku", $"SKU '{sku}' also appears in row {firstRowOfSku[sku]} of this batch.");
            }
            if (rows[row].CategoryId is { } category && !knownCategories.Contains(category))
            {
                Add(row, "category_id", $"Category '{category}' does not exist.");
            }
        }
        return errors.ToDictionary(e => e.Key, e => e.Value.ToArray());
    }
}
