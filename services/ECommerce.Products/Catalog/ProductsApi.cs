using ECommerce.Products.Data;
using ECommerce.Products.Images;
using ECommerce.ServiceDefaults.Authentication;
using ECommerce.ServiceDefaults.Http;
using Microsoft.EntityFrameworkCore;
using Npgsql;

namespace ECommerce.Products.Catalog;

public static class ProductsApi
{
    public static RouteGroupBuilder MapProductsApi(this IEndpointRouteBuilder app)
    {
        var api = app.MapGroup("/api/v1/products").WithTags("Products");
        api.MapGet("", List);
        api.MapGet("/{id:guid}", Get);

        var admin = api.MapGroup("").RequireAuthorization(Policies.Admin);
        // 400 for an unknown category; 409 for a SKU taken, a category deleted meanwhile, stock held or out of range.
        admin.MapPost("", Create).WithValidation<CreateProductRequest>().ProducesProblem(StatusCodes.Status409Conflict);
        admin.MapPut("/{id:guid}", Update).WithValidation<UpdateProductRequest>().ProducesProblem(StatusCodes.Status409Conflict);
        admin.MapDelete("/{id:guid}", Delete).ProducesProblem(StatusCodes.Status409Conflict);
        admin.MapPost("/{id:guid}/stock-adjustments", AdjustStock).WithValidation<StockAdjustmentRequest>().ProducesProblem(StatusCodes.Status409Conflict);
        admin.MapPost("/batch", Import).WithValidation<ImportProductsRequest>().ProducesProblem(StatusCodes.Status409Conflict);
        return api;
    }

    public static async Task<Results<Ok<ProductPage>, ValidationProblem>> List(
        [AsParameters] ProductQuery query, CatalogDbContext db, ProductImageStore images, CancellationToken cancellationToken)
    {
        if (query.Validate() is { Count: > 0 } errors)
        {
            return TypedResults.ValidationProblem(errors);
        }
        var (items, total) = await query.RunAsync(db, cancellationToken);
        var size = query.PageSize ?? ProductQuery.DefaultPageSize;
        return TypedResults.Ok(new ProductPage(
            items.Select(p => ProductResponse.From(p, images)).ToList(),
            query.Page ?? 1, size, total, (total + size - 1) / size));
    }

    public static async Task<Results<Ok<ProductResponse>, NotFound>> Get(
        Guid id, CatalogDbContext db, ProductImageStore images, CancellationToken cancellationToken) =>
        await db.Products.AsNoTracking().SingleOrDefaultAsync(p => p.Id == id, cancellationToken) is { } product
            ? TypedResults.Ok(ProductResponse.From(product, images))
            : TypedResults.NotFound();

    public static async Task<Results<Created<ProductResponse>, ProblemHttpResult>> Create(
        CreateProductRequest request, CatalogDbContext db, ProductImageStore images, TimeProvider clock, ILogger<CatalogLog> log,
        CancellationToken cancellationToken)
    {
        if (request.CategoryId is { } category && !await db.Categories.AnyAsync(c => c.Id == category, cancellationToken))
        {
            return UnknownCategory(category);
        }
        var product = NewProduct(request, clock.GetUtcNow());
        switch (await db.TryInsertProductAsync(product, cancellationToken))
        {
            case CatalogWrite.SkuTaken:
                return log.SkuTaken();
            case CatalogWrite.CategoryRemoved:
                return log.CategoryRemoved();
        }
        return TypedResults.Created($"/api/v1/products/{product.Id}", ProductResponse.From(product, images));
    }

    public static async Task<Results<Ok<ProductResponse>, NotFound, ProblemHttpResult>> Update(
        Guid id, UpdateProductRequest request, CatalogDbContext db, ProductImageStore images, TimeProvider clock, ILogger<CatalogLog> log,
        CancellationToken cancellationToken)
    {
        if (!await db.Products.AnyAsync(p => p.Id == id, cancellationToken))
        {
            return TypedResults.NotFound();
        }
        if (request.CategoryId is { } category && !await db.Categories.AnyAsync(c => c.Id == category, cancellationToken))
        {
            return UnknownCategory(category);
        }
        switch (await db.TryUpdateProductAsync(id, request, clock.GetUtcNow(), cancellationToken))
        {
            case CatalogWrite.NotFound:
                return TypedResults.NotFound();
            case CatalogWrite.SkuTaken:
                return log.SkuTaken();
            case CatalogWrite.CategoryRemoved:
                return log.CategoryRemoved();
        }
        return await db.Products.AsNoTracking().SingleOrDefaultAsync(p => p.Id == id, cancellationToken) is { } product
            ? TypedResults.Ok(ProductResponse.From(product, images))
            : TypedResults.NotFound();
    }

    public static async Task<Results<NoContent, NotFound, ProblemHttpResult>> Delete(
        Guid id, NpgsqlDataSource dataSource, ProductImageStore images, CancellationToken cancellationToken)
    {
        // Stock held for an order that is neither released nor committed must still have a product to return to.
        // The product row is locked first, as a reserve locks it, so no reservation slips in between check and delete.
        await using (var connection = await dataSource.OpenConnectionAsync(cancellationToken))
        await using (var transaction = await connection.BeginTransactionAsync(cancellationToken))
        {
            await using var lockProduct = new NpgsqlCommand("SELECT 1 FROM products WHERE product_id = @id FOR UPDATE", connection, transaction);
            lockProduct.Parameters.AddWithValue("id", id);
            if (await lockProduct.ExecuteScalarAsync(cancellationToken) is null)
            {
                return TypedResults.NotFound();
            }
            await using var held = new NpgsqlCommand("""
                SELECT count(*) FROM stock_reservation_items i JOIN stock_reservations r USING (order_id)
                WHERE i.product_id = @id AND r.status = 'reserved'
                """, connection, transaction);
            held.Parameters.AddWithValue("id", id);
            if ((long)(await held.ExecuteScalarAsync(cancellationToken))! > 0)
            {
                return TypedResults.Problem(statusCode: StatusCodes.Status409Conflict, title: "Product has reserved stock",
                    detail: "Orders hold stock of this product; delete it once they are committed or released.");
            }
            await using var delete = new NpgsqlCommand("DELETE FROM products WHERE product_id = @id", connection, transaction);
            delete.Parameters.AddWithValue("id", id);
            await delete.ExecuteNonQueryAsync(cancellationToken);
            await transaction.CommitAsync(cancellationToken);
        }
        await images.DeleteAllAsync(id, cancellationToken);
        return TypedResults.NoContent();
    }

    public static async Task<Results<Ok<ProductResponse>, NotFound, ProblemHttpResult>> AdjustStock(
        Guid id, StockAdjustmentRequest request, CatalogDbContext db, ProductImageStore images, TimeProvider clock,
        ILogger<CatalogLog> log, CancellationToken cancellationToken)
    {
        // Relative and in one statement, so it composes with reservations running at the same time. A result below zero
        // (or beyond the column's range) is not written rather than refused by the CHECK constraint, which would be
        // an error in two logs for an everyday answer; the condition is computed in bigint so that it cannot overflow
        // itself, and it is checked again on the latest row if a reservation changed it meanwhile.
        long delta = request.Delta;
        var now = clock.GetUtcNow();
        var updated = await db.Products
            .Where(p => p.Id == id && p.StockLevel + delta >= 0 && p.StockLevel + delta <= int.MaxValue)
            .ExecuteUpdateAsync(set => set
                .SetProperty(p => p.StockLevel, p => p.StockLevel + request.Delta)
                .SetProperty(p => p.UpdatedAt, now), cancellationToken);
        if (updated == 0)
        {
            return await db.Products.AnyAsync(p => p.Id == id, cancellationToken) ? log.StockOutOfRange() : TypedResults.NotFound();
        }
        var product = await db.Products.AsNoTracking().SingleAsync(p => p.Id == id, cancellationToken);
        // The audit trail of stock that did not move through an order.
        log.LogInformation(CatalogLog.StockAdjusted, "Stock of product {ProductId} adjusted by {Delta} to {StockLevel}: {Reason}",
            id, request.Delta, product.StockLevel, request.Reason ?? "no reason given");
        return TypedResults.Ok(ProductResponse.From(product, images));
    }

    /// <summary>All rows or none: every row is checked first, and the insert is one transaction.</summary>
    public static async Task<Results<Created<ImportProductsResponse>, ValidationProblem, ProblemHttpResult>> Import(
        ImportProductsRequest request, CatalogDbContext db, TimeProvider clock, ILogger<CatalogLog> log, CancellationToken cancellationToken)
    {
        if (await ProductImport.FindConflictsAsync(request.Products, db, cancellationToken) is { Count: > 0 } errors)
        {
            return TypedResults.ValidationProblem(errors, title: "The batch was not imported: some rows are not valid.");
        }
        var now = clock.GetUtcNow();
        var products = request.Products.Select(row => NewProduct(row, now)).ToList();
        db.Products.AddRange(products);
        if (await db.TrySaveAsync(log, cancellationToken) is { } problem)
        {
            return problem;
        }
        return TypedResults.Created("/api/v1/products", new ImportProductsResponse(products.Count, products.Select(p => p.Id).ToList()));
    }

    private static Product NewProduct(CreateProductRequest request, DateTimeOffset now) => new()
    {
        Id = Guid.CreateVersion7(),
        Sku = request.Sku,
        Name = request.Name,
        Description = request.Description,
        Price = request.Price,
        StockLevel = request.StockLevel,
        CategoryId = request.CategoryId,
        CreatedAt = now,
        UpdatedAt = now,
    };

    private static ProblemHttpResult UnknownCategory(Guid category) =>
        TypedResults.Problem(statusCode: StatusCodes.Status400BadRequest, title: "Unknown category", detail: $"Category '{category}' does not exist.");
}
