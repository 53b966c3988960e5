using ECommerce.Products;
using ECommerce.Products.Catalog;
using ECommerce.Products.Categories;
using ECommerce.Products.Data;
using ECommerce.Products.Images;
using ECommerce.Products.Stock;
using ECommerce.ServiceDefaults;
using ECommerce.Clients.Postgres;

var builder = WebApplication.CreateBuilder(args);

builder.AddServiceDefaults();
builder.AddApplicationServices();

var app = builder.Build();

app.UseServiceDefaults();
app.MapDefaultEndpoints();

await app.MigrateDbContextAsync<CatalogDbContext>();

app.MapProductsApi();
app.MapCategoriesApi();
app.MapProductImagesApi();
app.MapStockReservationsApi();

app.Run();
