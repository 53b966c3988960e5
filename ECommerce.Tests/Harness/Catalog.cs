using System.Net;

namespace ECommerce.Tests.Harness;

/// <summary>Creates catalog data as the administrator, with SKUs unique to the test.</summary>
public sealed class Catalog(ServiceClient admin)
{
    public ServiceClient Admin { get; } = admin;

    public static async Task<Catalog> AsAdminAsync(GraphFixture graph) => new(graph.Products.As(await graph.Accounts.AdminTokenAsync()));

    public static string NewSku(string prefix = "SKU") => $"{prefix}-{Guid.NewGuid():N}";

    public async Task<Guid> CreateCategoryAsync(string name, Guid? parentId = null) =>
        (await Admin.PostAsync("/api/v1/categories", new { name, parent_id = parentId }).ExpectAsync(HttpStatusCode.Created)).Id();

    public async Task<Guid> CreateProductAsync(string name = "Test product", decimal price = 9.99m, int stock = 10, Guid? categoryId = null) =>
        (await Admin.PostAsync("/api/v1/products", new { sku = NewSku(), name, price, stock_level = stock, category_id = categoryId })
            .ExpectAsync(HttpStatusCode.Created)).Id();

    public async Task<int> StockOfAsync(Guid productId) =>
        (await Admin.GetAsync($"/api/v1/products/{productId}").ExpectAsync(HttpStatusCode.OK)).GetProperty("stock_level").GetInt32();
}
