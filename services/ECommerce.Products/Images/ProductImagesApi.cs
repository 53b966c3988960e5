using ECommerce.Products.Data;
using ECommerce.ServiceDefaults.Authentication;
using Microsoft.AspNetCore.Mvc;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace ECommerce.Products.Images;

public static class ProductImagesApi
{
    public static RouteGroupBuilder MapProductImagesApi(this IEndpointRouteBuilder app)
    {
        var api = app.MapGroup("/api/v1/products/{id:guid}/images").WithTags("Product images");
        api.MapGet("", List);

        var admin = api.MapGroup("").RequireAuthorization(Policies.Admin);
        // Bearer tokens, not cookies: there is no ambient credential for a forged form to ride on.
        admin.MapPost("", Upload).DisableAntiforgery()
            .WithMetadata(new RequestSizeLimitAttribute(UploadEnvelopeBytes(app)))
            .Accepts<IFormFile>("multipart/form-data")
            .ProducesProblem(StatusCodes.Status400BadRequest)
            .ProducesProblem(StatusCodes.Status413PayloadTooLarge)
            .ProducesProblem(StatusCodes.Status415UnsupportedMediaType);
        admin.MapDelete("/{name}", Delete);
        return api;
    }

    public static async Task<Results<Ok<IReadOnlyList<ProductImage>>, NotFound>> List(
        Guid id, CatalogDbContext db, ProductImageStore images, CancellationToken cancellationToken) =>
        await db.Products.AnyAsync(p => p.Id == id, cancellationToken)
            ? TypedResults.Ok(await images.ListAsync(id, cancellationToken))
            : TypedResults.NotFound();

    /// <summary>Multipart field <c>file</c>; field <c>kind</c> is <c>main</c> or <c>detail</c> (the default).</summary>
    public static async Task<Results<Created<ProductImage>, NotFound, ProblemHttpResult>> Upload(
        Guid id, IFormFile? file, [FromForm] string? kind, CatalogDbContext db, ProductImageStore images,
        IOptions<ProductImageOptions> options, TimeProvider clock, CancellationToken cancellationToken)
    {
        if (file is null || file.Length == 0)
        {
            return Problem(StatusCodes.Status400BadRequest, "No image", "Send the image as the multipart field 'file'.");
        }
        if (kind is not (null or "main" or "detail"))
        {
            return Problem(StatusCodes.Status400BadRequest, "Unknown image kind", "'kind' must be 'main' or 'detail'.");
        }
        if (!UploadNames.IsPlainFileName(file.FileName))
        {
            return Problem(StatusCodes.Status400BadRequest, "Invalid file name", "The file name must be a plain name, without folders.");
        }
        if (file.Length > options.Value.MaxBytes)
        {
            return Problem(StatusCodes.Status413PayloadTooLarge, "Image too large", $"An image may be at most {options.Value.MaxBytes} bytes.");
        }
        if (!await db.Products.AnyAsync(p => p.Id == id, cancellationToken))
        {
            return TypedResults.NotFound();
        }

        await using var content = file.OpenReadStream();
        var header = new byte[ImageFormat.SignatureLength];
        var read = await content.ReadAtLeastAsync(header, header.Length, throwOnEndOfStream: false, cancellationToken);
        if (ImageFormat.Detect(header.AsSpan(0, read)) is not { } format)
        {
            return Problem(StatusCodes.Status415UnsupportedMediaType, "Unsupported image type", "Images must be JPEG, PNG or WebP files.");
        }
        content.Position = 0;

        var main = kind == "main";
        string name;
        if (main)
        {
            name = ProductImageStore.MainName(format);
        }
        // The product's counter hands out detail numbers, so two uploads at once never share one.
        else if ((await db.Database.SqlQuery<int>($"""
                     UPDATE products SET image_sequence = image_sequence + 1 WHERE product_id = {id} RETURNING image_sequence AS "Value"
                     """).ToListAsync(cancellationToken)) is [var number])
        {
            name = ProductImageStore.DetailName(number, format);
        }
        else
        {
            return TypedResults.NotFound();
        }

        var image = await images.PutAsync(id, name, format, content, file.Length, cancellationToken);
        if (main)
        {
            var key = ProductImageStore.PrefixOf(id) + image.Name;
            var now = clock.GetUtcNow();
            await db.Products.Where(p => p.Id == id)
                .ExecuteUpdateAsync(set => set.SetProperty(p => p.ImageKey, key).SetProperty(p => p.UpdatedAt, now), cancellationToken);
        }
        return TypedResults.Created($"/api/v1/products/{id}/images/{image.Name}", image);
    }

    public static async Task<Results<NoContent, NotFound>> Delete(
        Guid id, string name, CatalogDbContext db, ProductImageStore images, CancellationToken cancellationToken)
    {
        if (!ProductImageStore.IsImageName(name) || !await images.DeleteAsync(id, name, cancellationToken))
        {
            return TypedResults.NotFound();
        }
        var key = ProductImageStore.PrefixOf(id) + name;
        await db.Products.Where(p => p.Id == id && p.ImageKey == key)
            .ExecuteUpdateAsync(set => set.SetProperty(p => p.ImageKey, (string?)null), cancellationToken);
        return TypedResults.NoContent();
    }

    private static ProblemHttpResult Problem(int status, string title, string detail) =>
        TypedResults.Problem(statusCode: status, title: title, detail: detail);

    // The whole multipart request may exceed the image by its boundaries and headers, not by more.
    private static long UploadEnvelopeBytes(IEndpointRouteBuilder app) =>
        app.ServiceProvider.GetRequiredService<IOptions<ProductImageOptions>>().Value.MaxBytes + 64 * 1024;
}
