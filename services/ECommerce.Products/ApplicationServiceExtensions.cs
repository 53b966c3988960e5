using ECommerce.Clients.Postgres;
using ECommerce.Clients.S3;
using ECommerce.Products.Catalog;
using ECommerce.Products.Data;
using ECommerce.Products.Images;
using ECommerce.Products.Stock;
using ECommerce.ServiceDefaults;
using ECommerce.ServiceDefaults.Authentication;
using FluentValidation;

namespace ECommerce.Products;

public static class ApplicationServiceExtensions
{
    public static IHostApplicationBuilder AddApplicationServices(this IHostApplicationBuilder builder)
    {
        builder.AddPostgresDbContext<CatalogDbContext>(ResourceNames.Database, CatalogDbContext.MigrationsHistoryTable);
        builder.AddS3Client();
        builder.AddDefaultAuthentication();

        builder.Services.AddSingleton<StockReservations>();
        builder.Services.AddSingleton<ProductImageStore>();
        builder.Services.Configure<ProductImageOptions>(builder.Configuration.GetSection(ProductImageOptions.SectionName));
        builder.Services.AddValidatorsFromAssemblyContaining<ProductRequestValidator>(ServiceLifetime.Singleton, includeInternalTypes: true);
        return builder;
    }
}
