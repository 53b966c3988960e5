using Microsoft.EntityFrameworkCore;

namespace ECommerce.Products.Data;

/// <summary>Products and categories. Stock reservations are plain SQL (see Stock/StockReservations), not mapped here.</summary>
public sealed class CatalogDbContext(DbContextOptions<CatalogDbContext> options) : DbContext(options)
{
    public const string MigrationsHistoryTable = "__products_migrations";

    public DbSet<Product> Products => Set<Product>();

    public DbSet<Category> Categories => Set<Category>();

    protected override void OnModelCreating(ModelBuilder modelBuilder)
    {
        modelBuilder.Entity<Category>(category =>
        {
            category.ToTable("product_categories");
            category.HasKey(c => c.Id);
            category.Property(c => c.Id).HasColumnName("category_id");
            category.Property(c => c.Name).HasColumnName("name").HasMaxLength(100);
            category.Property(c => c.ParentId).HasColumnName("parent_id");
            category.Property(c => c.CreatedAt).HasColumnName("created_at");
            category.Property(c => c.UpdatedAt).HasColumnName("updated_at");
            category.HasOne<Category>().WithMany().HasForeignKey(c => c.ParentId).OnDelete(DeleteBehavior.Restrict);
        });

        modelBuilder.Entity<Product>(product =>
        {
            product.ToTable("products");
            product.HasKey(p => p.Id);
            product.Property(p => p.Id).HasColumnName("product_id");
            product.Property(p => p.Sku).HasColumnName("sku").HasMaxLength(64);
            product.HasIndex(p => p.Sku).IsUnique().HasDatabaseName("ux_products_sku");
            product.Property(p => p.Name).HasColumnName("name").HasMaxLength(200);
            product.Property(p => p.Description).HasColumnName("description");
            product.Property(p => p.Price).HasColumnName("price").HasPrecision(12, 2);
            product.Property(p => p.StockLevel).HasColumnName("stock_level");
            product.Property(p => p.CategoryId).HasColumnName("category_id");
            product.Property(p => p.ImageKey).HasColumnName("image_key").HasMaxLength(300);
            product.Property(p => p.ImageSequence).HasColumnName("image_sequence");
            product.Property(p => p.CreatedAt).HasColumnName("created_at");
            product.Property(p => p.UpdatedAt).HasColumnName("updated_at");
            product.HasOne<Category>().WithMany().HasForeignKey(p => p.CategoryId).OnDelete(DeleteBehavior.Restrict);
        });
    }
}
