using ECommerce.Products.Data;
using Microsoft.EntityFrameworkCore;

namespace ECommerce.Products.Categories;

public sealed record CategoryNode(Guid Id, string Name, Guid? ParentId, IReadOnlyList<CategoryNode> Children);

public static class CategoryTree
{
    /// <summary>The category and everything below it, as a subquery the caller composes into its own query.</summary>
    public static IQueryable<Guid> SelfAndDescendants(CatalogDbContext db, Guid categoryId) =>
        db.Database.SqlQuery<Guid>($"""
            WITH RECURSIVE tree AS (
                SELECT category_id FROM product_categories WHERE category_id = {categoryId}
                UNION
                SELECT child.category_id FROM product_categories child JOIN tree ON child.parent_id = tree.category_id
            )
            SELECT category_id AS "Value" FROM tree
            """);

    /// <summary>Roots first, children sorted by name.</summary>
    public static IReadOnlyList<CategoryNode> Build(IReadOnlyList<Category> categories)
    {
        var byParent = categories.ToLookup(c => c.ParentId);
        IReadOnlyList<CategoryNode> ChildrenOf(Guid? parent) => byParent[parent]
            .OrderBy(c => c.Name, StringComparer.OrdinalIgnoreCase)
            .Select(c => new CategoryNode(c.Id, c.Name, c.ParentId, ChildrenOf(c.Id)))
            .ToList();
        return ChildrenOf(null);
    }
}
