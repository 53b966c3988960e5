using System.Net;
using ECommerce.Tests.Harness;

namespace ECommerce.Tests.Products;

[Collection(GraphCollection.Name)]
public sealed class CatalogTests(GraphFixture graph)
{
    [Fact]
    public async Task FilteringByACategoryIncludesItsSubCategoriesAndCombinesWithPriceSearchAndSorting()
    {
        var catalog = await Catalog.AsAdminAsync(graph);
        var marker = Guid.NewGuid().ToString("N")[..8];
        var clothing = await catalog.CreateCategoryAsync($"Clothing {marker}");
        var shirts = await catalog.CreateCategoryAsync("Shirts", clothing);
        var linen = await catalog.CreateCategoryAsync("Linen", shirts);
        var toys = await catalog.CreateCategoryAsync($"Toys {marker}");
        var cheapShirt = await catalog.CreateProductAsync($"Shirt {marker} basic", 10.00m, categoryId: shirts);
        var dearShirt = await catalog.CreateProductAsync($"Shirt {marker} linen", 45.50m, categoryId: linen);
        await catalog.CreateProductAsync($"Jacket {marker}", 120.00m, categoryId: clothing);
        await catalog.CreateProductAsync($"Shirt {marker} for a doll", 5.00m, categoryId: toys);

        var page = await graph.Products.GetAsync($"/api/v1/products?category={clothing}&q=shirt%20{marker}&min_price=6&max_price=50&sort=-price")
            .ExpectAsync(HttpStatusCode.OK);

        Assert.Equal([dearShirt, cheapShirt], page.GetProperty("items").EnumerateArray().Select(p => p.Id()).ToArray());
        Assert.Equal(2, page.GetProperty("total_count").GetInt32());
        Assert.Equal(45.50m, page.GetProperty("items")[0].GetProperty("price").GetDecimal());

        var tree = await graph.Products.GetAsync("/api/v1/categories").ExpectAsync(HttpStatusCode.OK);
        var root = tree.EnumerateArray().Single(c => c.Id() == clothing);
        Assert.Equal(linen, root.GetProperty("children")[0].GetProperty("children")[0].Id());
    }

    [Fact]
    public async Task PagesAreBoundedAndWildcardsInTheSearchAreText()
    {
        await graph.Products.GetAsync("/api/v1/products?page_size=1000").ExpectProblemAsync(HttpStatusCode.BadRequest);
        await graph.Products.GetAsync("/api/v1/products?page=0").ExpectProblemAsync(HttpStatusCode.BadRequest);
        await graph.Products.GetAsync("/api/v1/products?page=abc").ExpectProblemAsync(HttpStatusCode.BadRequest);
        await graph.Products.GetAsync("/api/v1/products?min_price=5&max_price=1").ExpectProblemAsync(HttpStatusCode.BadRequest);
        await graph.Products.GetAsync("/api/v1/products?sort=password").ExpectProblemAsync(HttpStatusCode.BadRequest);
        await graph.Products.GetAsync("/api/v1/products?page=2147483647").ExpectProblemAsync(HttpStatusCode.BadRequest);
        await graph.Products.GetAsync("/api/v1/products?page=99999999999").ExpectProblemAsync(HttpStatusCode.BadRequest);
        await graph.Products.GetAsync("/api/v1/products?q=%00").ExpectProblemAsync(HttpStatusCode.BadRequest);

        var catalog = await Catalog.AsAdminAsync(graph);
        var marker = Guid.NewGuid().ToString("N")[..8];
        var percent = await catalog.CreateProductAsync($"100% cotton {marker}");
        await catalog.CreateProductAsync($"1000 cotton {marker}");
        var page = await graph.Products.GetAsync($"/api/v1/products?q=100%25%20cotton%20{marker}&page_size=1").ExpectAsync(HttpStatusCode.OK);
        Assert.Equal(percent, Assert.Single(page.GetProperty("items").EnumerateArray()).Id());
        Assert.Equal(1, page.GetProperty("total_pages").GetInt32());
    }

    [Fact]
    public async Task OnlyAnAdministratorChangesTheCatalog()
    {
        var customer = await graph.Accounts.NewCustomerAsync();
        var sku = Catalog.NewSku();
        var product = new { sku, name = "Sneaky", price = 1m, stock_level = 1 };

        await graph.Products.PostAsync("/api/v1/products", product).ExpectProblemAsync(HttpStatusCode.Unauthorized);
        await graph.Products.As(customer.Token).PostAsync("/api/v1/products", product).ExpectProblemAsync(HttpStatusCode.Forbidden);
        await graph.Products.As(customer.Token).PostAsync("/api/v1/categories", new { name = "Sneaky" }).ExpectProblemAsync(HttpStatusCode.Forbidden);

        Assert.Equal(0L, await graph.ScalarAsync<long>("SELECT count(*) FROM products WHERE sku = @sku", ("sku", sku)));
    }

    [Fact]
    public async Task AnAdministratorUpdatesAdjustsStockAndDeletesAProduct()
    {
        var catalog = await Catalog.AsAdminAsync(graph);
        var id = await catalog.CreateProductAsync(price: 12.34m, stock: 3);
        var sku = Catalog.NewSku();

        var updated = await catalog.Admin.PutAsync($"/api/v1/products/{id}", new { sku, name = "Renamed", description = "Now described", price = 0.10m })
            .ExpectAsync(HttpStatusCode.OK);
        Assert.Equal(0.10m, updated.GetProperty("price").GetDecimal());
        // Stock is not part of an update ...
        await catalog.Admin.PutAsync($"/api/v1/products/{id}", new { sku, name = "Renamed", price = 1m, stock_level = 99 })
            .ExpectProblemAsync(HttpStatusCode.BadRequest);
        // ... it moves by adjustments, and never below zero.
        await catalog.Admin.PostAsync($"/api/v1/products/{id}/stock-adjustments", new { delta = -4 }).ExpectProblemAsync(HttpStatusCode.Conflict);
        var adjusted = await catalog.Admin.PostAsync($"/api/v1/products/{id}/stock-adjustments", new { delta = 7, reason = "delivery" })
            .ExpectAsync(HttpStatusCode.OK);
        Assert.Equal(10, adjusted.GetProperty("stock_level").GetInt32());

        await catalog.Admin.PostAsync("/api/v1/products", new { sku, name = "Same SKU", price = 1m, stock_level = 1 })
            .ExpectProblemAsync(HttpStatusCode.Conflict);
        await catalog.Admin.PostAsync("/api/v1/products", new { sku = Catalog.NewSku(), name = "Bad price", price = 1.234m, stock_level = 1 })
            .ExpectProblemAsync(HttpStatusCode.BadRequest);

        await catalog.Admin.DeleteAsync($"/api/v1/products/{id}").ExpectAsync(HttpStatusCode.NoContent);
        await graph.Products.GetAsync($"/api/v1/products/{id}").ExpectProblemAsync(HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task ABatchWithOneBadRowStoresNothingAndNamesTheRow()
    {
        var catalog = await Catalog.AsAdminAsync(graph);
        var marker = Guid.NewGuid().ToString("N");
        var rows = Enumerable.Range(0, 20).Select(i => new { sku = $"BATCH-{marker}-{i}", name = $"Batch item {i}", price = 1.5m + i, stock_level = i }).ToList();
        rows[13] = rows[13] with { price = -1m };
        rows[17] = rows[17] with { sku = rows[2].sku };

        var problem = await catalog.Admin.PostAsync("/api/v1/products/batch", new { products = rows }).ExpectProblemAsync(HttpStatusCode.BadRequest);
        var errors = problem.GetProperty("errors");
        Assert.True(errors.TryGetProperty("products[13].price", out _), errors.ToString());
        Assert.False(errors.TryGetProperty("products[12].price", out _));

        // The row rules passed, the batch rules did not: still nothing.
        rows[13] = rows[13] with { price = 3m };
        problem = await catalog.Admin.PostAsync("/api/v1/products/batch", new { products = rows }).ExpectProblemAsync(HttpStatusCode.BadRequest);
        Assert.Contains("row 2", problem.GetProperty("errors").GetProperty("products[17].sku")[0].GetString());
        Assert.Equal(0L, await graph.ScalarAsync<long>("SELECT count(*) FROM products WHERE sku LIKE @prefix", ("prefix", $"BATCH-{marker}-%")));

        rows[17] = rows[17] with { sku = $"BATCH-{marker}-17" };
        var imported = await catalog.Admin.PostAsync("/api/v1/products/batch", new { products = rows }).ExpectAsync(HttpStatusCode.Created);
        Assert.Equal(20, imported.GetProperty("count").GetInt32());
        Assert.Equal(20L, await graph.ScalarAsync<long>("SELECT count(*) FROM products WHERE sku LIKE @prefix", ("prefix", $"BATCH-{marker}-%")));
    }

    [Fact]
    public async Task ABatchOfAThousandProductsImportsInOneGoAndOneMoreIsRefused()
    {
        var catalog = await Catalog.AsAdminAsync(graph);
        var marker = Guid.NewGuid().ToString("N");
        var rows = Enumerable.Range(0, 1001).Select(i => new { sku = $"BULK-{marker}-{i}", name = $"Bulk {i}", price = 2m, stock_level = 1 }).ToList();

        await catalog.Admin.PostAsync("/api/v1/products/batch", new { products = rows }).ExpectProblemAsync(HttpStatusCode.BadRequest);
        var imported = await catalog.Admin.PostAsync("/api/v1/products/batch", new { products = rows.Take(1000) }).ExpectAsync(HttpStatusCode.Created);

        Assert.Equal(1000, imported.GetProperty("ids").GetArrayLength());
    }

    [Fact]
    public async Task MalformedAndDeeplyNestedJsonIsA400WithoutInternals()
    {
        var catalog = await Catalog.AsAdminAsync(graph);
        var nested = new string('[', 200) + new string(']', 200);

        foreach (var body in new[] { "{\"sku\":", nested, "{\"sku\":\"A\",\"name\":\"B\",\"price\":\"1\",\"stock_level\":1}", "{\"sku\":\"A\",\"name\":\"B\",\"price\":1,\"stock_level\":99999999999}" })
        {
            var problem = await catalog.Admin.PostRawAsync("/api/v1/products", body).ExpectProblemAsync(HttpStatusCode.BadRequest);
            var text = problem.GetRawText();
            Assert.DoesNotContain("ECommerce.", text);
            Assert.DoesNotContain("System.", text);
            Assert.DoesNotContain("   at ", text);
        }
    }
}
