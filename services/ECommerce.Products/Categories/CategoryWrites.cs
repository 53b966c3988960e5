using ECommerce.Products.Catalog;
using ECommerce.Products.Data;
using Microsoft.EntityFrameworkCore;
using Npgsql;

namespace ECommerce.Products.Categories;

/// <summary>
/// Category writes whose refusals are the database's answers, not its errors, for the reasons and in the way of
/// <see cref="CatalogWrites"/>: the unique index on (parent, lower(name)) and the foreign keys decide, through
/// statements that do nothing, and say why, when they would refuse.
/// </summary>
public static class CategoryWrites
{
    public static async Task<CatalogWrite> TryInsertCategoryAsync(this CatalogDbContext db, Category category, CancellationToken cancellationToken)
    {
        // A parent deleted meanwhile: the parent row is locked before the new category refers to it (see CatalogWrites).
        var outcome = await db.QueryOutcomeAsync($"""
            WITH parent AS (
                SELECT category_id FROM product_categories WHERE category_id = {category.ParentId}::uuid FOR KEY SHARE
            ), stored AS (
                INSERT INTO product_categories (category_id, name, parent_id, created_at, updated_at)
                SELECT {category.Id}, {category.Name}, {category.ParentId}::uuid, {category.CreatedAt}, {category.UpdatedAt}
                WHERE {category.ParentId}::uuid IS NULL OR EXISTS (SELECT FROM parent)
                ON CONFLICT (parent_id, lower(name)) DO NOTHING
                RETURNING category_id
            )
            SELECT true AS "Found", EXISTS (SELECT FROM stored) AS "Saved",
                {category.ParentId}::uuid IS NULL OR EXISTS (SELECT FROM parent) AS "CategoryFound"
            """, cancellationToken);
        return outcome.Answer(CatalogWrite.CategoryNameTaken);
    }

    /// <summary>Renames or moves a category; the caller has ruled out a cycle.</summary>
    public static async Task<CatalogWrite> TryUpdateCategoryAsync(this CatalogDbContext db, Guid id, CategoryRequest request, DateTimeOffset now,
        CancellationToken cancellationToken)
    {
        try
        {
            // Names are compared as the unique index compares them: lower(name), with no parent as a parent like any other.
            var outcome = await db.QueryOutcomeAsync($"""
                WITH parent AS (
                    SELECT category_id FROM product_categories WHERE category_id = {request.ParentId}::uuid FOR KEY SHARE
                ), updated AS (
                    UPDATE product_categories SET name = {request.Name}, parent_id = {request.ParentId}::uuid, updated_at = {now}
                    WHERE category_id = {id}
                        AND ({request.ParentId}::uuid IS NULL OR EXISTS (SELECT FROM parent))
                        AND NOT EXISTS (
                            SELECT FROM product_categories sibling
                            WHERE sibling.parent_id IS NOT DISTINCT FROM {request.ParentId}::uuid
                                AND lower(sibling.name) = lower({request.Name}) AND sibling.category_id <> {id})
                    RETURNING category_id
                )
                SELECT EXISTS (SELECT FROM product_categories WHERE category_id = {id}) AS "Found", EXISTS (SELECT FROM updated) AS "Saved",
                    {request.ParentId}::uuid IS NULL OR EXISTS (SELECT FROM parent) AS "CategoryFound"
                """, cancellationToken);
            return outcome.Answer(CatalogWrite.CategoryNameTaken);
        }
        catch (PostgresException exception) when (exception.SqlState == PostgresErrorCodes.UniqueViolation)
        {
            // A category created with the same name in a transaction still open is found by the unique index alone.
            return CatalogWrite.CategoryNameTaken;
        }
    }

    /// <summary>Deletes a category that has neither products nor sub-categories.</summary>
    public static Task<CatalogWrite> TryDeleteCategoryAsync(this CatalogDbContext db, Guid id, CancellationToken cancellationToken) =>
        db.Database.CreateExecutionStrategy().ExecuteAsync(async () =>
        {
            await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
            // Locked first, in a statement of its own: a product or sub-category being saved with this category holds
            // the row (FOR KEY SHARE) until it commits, so once the lock is ours, the next statement's snapshot sees
            // every row that refers to the category, and none can be added until this one commits. A single DELETE
            // would judge by its own, older snapshot and leave the last word to the foreign key: an error.
            var found = await db.Database.SqlQuery<Guid>($"""
                SELECT category_id AS "Value" FROM product_categories WHERE category_id = {id} FOR UPDATE
                """).ToListAsync(cancellationToken);
            if (found.Count == 0)
            {
                return CatalogWrite.NotFound;
            }
            var deleted = await db.Database.ExecuteSqlAsync($"""
                DELETE FROM product_categories WHERE category_id = {id}
                    AND NOT EXISTS (SELECT FROM products WHERE category_id = {id})
                    AND NOT EXISTS (SELECT FROM product_categories WHERE parent_id = {id})
                """, cancellationToken);
            await transaction.CommitAsync(cancellationToken);
            return deleted == 1 ? CatalogWrite.Saved : CatalogWrite.CategoryInUse;
        });
}
