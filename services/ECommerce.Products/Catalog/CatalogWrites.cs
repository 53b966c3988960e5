using ECommerce.Products.Data;
using Microsoft.EntityFrameworkCore;
using Npgsql;

namespace ECommerce.Products.Catalog;

/// <summary>How a catalog write ended: saved, or which answer the stored state gave instead.</summary>
public enum CatalogWrite
{
    Saved,
    NotFound,
    SkuTaken,
    CategoryRemoved,
    CategoryNameTaken,
    CategoryInUse,
}

/// <summary>
/// Product writes whose refusals are the database's answers, not its errors. The unique index on the SKU and the
/// category's foreign key still decide, so racing requests stay honest; but a taken SKU or a category deleted
/// meanwhile is an everyday answer, and a statement that fails on it is logged at Error twice — by EF Core (with its
/// stack trace) and by the PostgreSQL server. So the statements are written to do nothing in those cases and say why:
/// <c>ON CONFLICT DO NOTHING</c> for the SKU of a new product, a condition for the SKU of an existing one, and the
/// category row locked (<c>FOR KEY SHARE</c>, as the foreign key check itself would lock it) before the product
/// refers to it: a deletion that got there first has then either committed, and the category is not found, or waits
/// until the product is saved, and finds it in use. EF Core's own inserts and updates can say none of this, hence SQL.
/// </summary>
public static class CatalogWrites
{
    public static async Task<CatalogWrite> TryInsertProductAsync(this CatalogDbContext db, Product product, CancellationToken cancellationToken)
    {
        // Nullable values are cast: a parameter without a value has no type of its own.
        var outcome = await db.QueryOutcomeAsync($"""
            WITH category AS (
                SELECT category_id FROM product_categories WHERE category_id = {product.CategoryId}::uuid FOR KEY SHARE
            ), stored AS (
                INSERT INTO products (product_id, sku, name, description, price, stock_level, category_id, created_at, updated_at)
                SELECT {product.Id}, {product.Sku}, {product.Name}, {product.Description}::text, {product.Price}, {product.StockLevel},
                    {product.CategoryId}::uuid, {product.CreatedAt}, {product.UpdatedAt}
                WHERE {product.CategoryId}::uuid IS NULL OR EXISTS (SELECT FROM category)
                ON CONFLICT (sku) DO NOTHING
                RETURNING product_id
            )
            SELECT true AS "Found", EXISTS (SELECT FROM stored) AS "Saved",
                {product.CategoryId}::uuid IS NULL OR EXISTS (SELECT FROM category) AS "CategoryFound"
            """, cancellationToken);
        return outcome.Answer(CatalogWrite.SkuTaken);
    }

    /// <summary>Replaces a product's descriptive fields (stock and images are not among them).</summary>
    public static async Task<CatalogWrite> TryUpdateProductAsync(this CatalogDbContext db, Guid id, UpdateProductRequest request,
        DateTimeOffset now, CancellationToken cancellationToken)
    {
        try
        {
            var outcome = await db.QueryOutcomeAsync($"""
                WITH category AS (
                    SELECT category_id FROM product_categories WHERE category_id = {request.CategoryId}::uuid FOR KEY SHARE
                ), updated AS (
                    UPDATE products SET sku = {request.Sku}, name = {request.Name}, description = {request.Description}::text,
                        price = {request.Price}, category_id = {request.CategoryId}::uuid, updated_at = {now}
                    WHERE product_id = {id}
                        AND ({request.CategoryId}::uuid IS NULL OR EXISTS (SELECT FROM category))
                        AND NOT EXISTS (SELECT FROM products other WHERE other.sku = {request.Sku} AND other.product_id <> {id})
                    RETURNING product_id
                )
                SELECT EXISTS (SELECT FROM products WHERE product_id = {id}) AS "Found", EXISTS (SELECT FROM updated) AS "Saved",
                    {request.CategoryId}::uuid IS NULL OR EXISTS (SELECT FROM category) AS "CategoryFound"
                """, cancellationToken);
            return outcome.Answer(CatalogWrite.SkuTaken);
        }
        catch (PostgresException exception) when (exception.SqlState == PostgresErrorCodes.UniqueViolation)
        {
            // The condition sees committed products only: a product taking the same SKU in a transaction still open
            // is found by the unique index alone, which then refuses this update (and the refusal is logged as an error).
            return CatalogWrite.SkuTaken;
        }
    }

    /// <summary>
    /// One row of a write's outcome: whether its row exists (or existed), whether it was written, and whether the
    /// category it refers to was there.
    /// </summary>
    internal sealed record WriteOutcome(bool Found, bool Saved, bool CategoryFound)
    {
        public CatalogWrite Answer(CatalogWrite conflict) =>
            Saved ? CatalogWrite.Saved
            : !Found ? CatalogWrite.NotFound
            : !CategoryFound ? CatalogWrite.CategoryRemoved
            : conflict;
    }

    /// <summary>
    /// Runs a statement that answers with one <see cref="WriteOutcome"/> row, retried on a transient failure as
    /// SaveChanges would be (raw SQL is not, by itself). Not composed: a data-modifying WITH must stay at the top level.
    /// </summary>
    internal static async Task<WriteOutcome> QueryOutcomeAsync(this CatalogDbContext db, FormattableString sql, CancellationToken cancellationToken) =>
        (await db.Database.CreateExecutionStrategy().ExecuteAsync(() => db.Database.SqlQuery<WriteOutcome>(sql).ToListAsync(cancellationToken))).Single();
}
