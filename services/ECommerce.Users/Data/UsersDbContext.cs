using Microsoft.EntityFrameworkCore;

namespace ECommerce.Users.Data;

public sealed class UsersDbContext(DbContextOptions<UsersDbContext> options) : DbContext(options)
{
    /// <summary>Each service keeps its own migration history in the shared database.</summary>
    public const string MigrationsHistoryTable = "__users_migrations";

    public DbSet<User> Users => Set<User>();

    public DbSet<UserMetadata> UserMetadata => Set<UserMetadata>();

    protected override void OnModelCreating(ModelBuilder modelBuilder)
    {
        modelBuilder.Entity<User>(user =>
        {
            user.ToTable("users");
            user.HasKey(u => u.Id);
            user.Property(u => u.Id).HasColumnName("user_id");
            user.Property(u => u.Email).HasColumnName("email").HasMaxLength(254);
            user.Property(u => u.NormalizedEmail).HasColumnName("normalized_email").HasMaxLength(254);
            user.HasIndex(u => u.NormalizedEmail).IsUnique().HasDatabaseName("ux_users_normalized_email");
            user.Property(u => u.Name).HasColumnName("name").HasMaxLength(100);
            user.Property(u => u.PasswordHash).HasColumnName("password_hash");
            user.Property(u => u.Role).HasColumnName("role").HasMaxLength(16);
            user.Property(u => u.CreatedAt).HasColumnName("created_at");
            user.Property(u => u.UpdatedAt).HasColumnName("updated_at");
            user.HasOne(u => u.Metadata).WithOne().HasForeignKey<UserMetadata>(m => m.UserId).OnDelete(DeleteBehavior.Cascade);
        });

        modelBuilder.Entity<UserMetadata>(metadata =>
        {
            metadata.ToTable("user_metadata");
            metadata.HasKey(m => m.UserId);
            metadata.Property(m => m.UserId).HasColumnName("user_id");
            metadata.Property(m => m.Preferences).HasColumnName("preferences").HasColumnType("jsonb");
            metadata.Property(m => m.AccountStatus).HasColumnName("account_status").HasMaxLength(16);
            metadata.Property(m => m.VerificationStatus).HasColumnName("verification_status").HasMaxLength(16);
            metadata.Property(m => m.UpdatedAt).HasColumnName("updated_at");
        });
    }
}
