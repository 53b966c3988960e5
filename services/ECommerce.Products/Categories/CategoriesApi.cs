using System.Text.Json.Serialization;
using ECommerce.Products.Catalog;
using ECommerce.Products.Data;
using ECommerce.ServiceDefaults.Authentication;
using ECommerce.ServiceDefaults.Http;
using FluentValidation;
using Microsoft.EntityFrameworkCore;

namespace ECommerce.Products.Categories;

[JsonUnmappedMemberHandling(JsonUnmappedMemberHandling.Disallow)]
public sealed record CategoryRequest(string Name, Guid? ParentId);

internal sealed class CategoryRequestValidator : AbstractValidator<CategoryRequest>
{
    public CategoryRequestValidator()
    {
        RuleFor(r => r.Name).NotEmpty().MaximumLength(100).Trimmed();
    }
}

public static class CategoriesApi
{
    public static RouteGroupBuilder MapCategoriesApi(this IEndpointRouteBuilder app)
    {
        var api = app.MapGroup("/api/v1/categories").WithTags("Categories");
        api.MapGet("", GetTree);

        var admin = api.MapGroup("").RequireAuthorization(Policies.Admin);
        // 400 for an unknown parent; 409 for a name taken under the parent, a cycle, or a category still in use.
        admin.MapPost("", Create).WithValidation<CategoryRequest>().ProducesProblem(StatusCodes.Status409Conflict);
        admin.MapPut("/{id:guid}", Update).WithValidation<CategoryRequest>().ProducesProblem(StatusCodes.Status409Conflict);
        admin.MapDelete("/{id:guid}", Delete).ProducesProblem(StatusCodes.Status409Conflict);
        return api;
    }

    public static async Task<Ok<IReadOnlyList<CategoryNode>>> GetTree(CatalogDbContext db, CancellationToken cancellationToken) =>
        TypedResults.Ok(CategoryTree.Build(await db.Categories.AsNoTracking().ToListAsync(cancellationToken)));

    public static async Task<Results<Created<CategoryNode>, ProblemHttpResult>> Create(
        CategoryRequest request, CatalogDbContext db, TimeProvider clock, ILogger<CatalogLog> log, CancellationToken cancellationToken)
    {
        if (request.ParentId is { } parent && !await db.Categories.AnyAsync(c => c.Id == parent, cancellationToken))
        {
            return UnknownParent(parent);
        }
        var now = clock.GetUtcNow();
        var category = new Category { Id = Guid.CreateVersion7(), Name = request.Name, ParentId = request.ParentId, CreatedAt = now, UpdatedAt = now };
        return await db.TryInsertCategoryAsync(category, cancellationToken) switch
        {
            CatalogWrite.Saved => TypedResults.Created($"/api/v1/categories/{category.Id}", new CategoryNode(category.Id, category.Name, category.ParentId, [])),
            CatalogWrite.CategoryRemoved => log.CategoryRemoved(),
            _ => log.CategoryNameTaken(),
        };
    }

    public static async Task<Results<Ok<CategoryNode>, NotFound, ProblemHttpResult>> Update(
        Guid id, CategoryRequest request, CatalogDbContext db, TimeProvider clock, ILogger<CatalogLog> log, CancellationToken cancellationToken)
    {
        if (!await db.Categories.AnyAsync(c => c.Id == id, cancellationToken))
        {
            return TypedResults.NotFound();
        }
        if (request.ParentId is { } parent && !await db.Categories.AnyAsync(c => c.Id == parent, cancellationToken))
        {
            return UnknownParent(parent);
        }

        return await db.Database.CreateExecutionStrategy().ExecuteAsync<Results<Ok<CategoryNode>, NotFound, ProblemHttpResult>>(async () =>
        {
            // Two moves at once (A under B, B under A) would each pass the cycle check alone: moves take turns.
            await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
            await db.Database.ExecuteSqlAsync($"SELECT pg_advisory_xact_lock({CategoryMoveLock})", cancellationToken);
            if (request.ParentId is { } newParent && await CategoryTree.SelfAndDescendants(db, id).ContainsAsync(newParent, cancellationToken))
            {
                return TypedResults.Problem(statusCode: StatusCodes.Status409Conflict, title: "Category cycle",
                    detail: "A category cannot move below itself or one of its sub-categories.");
            }
            switch (await db.TryUpdateCategoryAsync(id, request, clock.GetUtcNow(), cancellationToken))
            {
                case CatalogWrite.NotFound:
                    return TypedResults.NotFound();
                case CatalogWrite.CategoryRemoved:
                    return log.CategoryRemoved();
                case CatalogWrite.CategoryNameTaken:
                    return log.CategoryNameTaken();
            }
            await transaction.CommitAsync(cancellationToken);
            return TypedResults.Ok(new CategoryNode(id, request.Name, request.ParentId, []));
        });
    }

    // An arbitrary constant that names "moving categories" among the database's advisory locks.
    private const long CategoryMoveLock = 0x0CA7_E609_0001;

    public static async Task<Results<NoContent, NotFound, ProblemHttpResult>> Delete(Guid id, CatalogDbContext db, ILogger<CatalogLog> log, CancellationToken cancellationToken)
    {
        return await db.TryDeleteCategoryAsync(id, cancellationToken) switch
        {
            CatalogWrite.Saved => TypedResults.NoContent(),
            CatalogWrite.NotFound => TypedResults.NotFound(),
            _ => log.CategoryInUse(),
        };
    }

    private static ProblemHttpResult UnknownParent(Guid parent) =>
        TypedResults.Problem(statusCode: StatusCodes.Status400BadRequest, title: "Unknown parent category",
            detail: $"Category '{parent}' does not exist.");
}
