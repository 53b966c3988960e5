using ECommerce.Products.Data;
using ECommerce.Clients.Postgres;
using Microsoft.EntityFrameworkCore;

namespace ECommerce.Products.Catalog;

public static class CatalogSaves
{
    /// <summary>Saves, turning a unique or foreign-key violation (a race with another request) into a 409.</summary>
    public static async Task<ProblemHttpResult?> TrySaveAsync(this CatalogDbContext db, ILogger<CatalogLog> log,
        Func<ILogger<CatalogLog>, ProblemHttpResult> uniqueViolation, CancellationToken cancellationToken)
    {
        try
        {
            await db.SaveChangesAsync(cancellationToken);
            return null;
        }
        catch (DbUpdateException exception) when (exception.IsUniqueViolation())
        {
            return uniqueViolation(log);
        }
        catch (DbUpdateException exception) when (exception.IsForeignKeyViolation())
        {
            return log.CategoryRemoved();
        }
    }
}
