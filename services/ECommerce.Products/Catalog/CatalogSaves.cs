using ECommerce.Products.Data;
using ECommerce.Clients.Postgres;
using Microsoft.EntityFrameworkCore;

namespace ECommerce.Products.Catalog;

public static class CatalogSaves
{
    /// <summary>
    /// Saves a batch of new products, turning a unique or foreign-key violation into a 409. The batch import checks
    /// its SKUs and categories first and answers those with a 400 naming the rows, so a violation here is a race
    /// with another request, which the indexes decide (and which is logged as an error: all or nothing has no
    /// statement that skips a row quietly).
    /// </summary>
    public static async Task<ProblemHttpResult?> TrySaveAsync(this CatalogDbContext db, ILogger<CatalogLog> log, CancellationToken cancellationToken)
    {
        try
        {
            await db.SaveChangesAsync(cancellationToken);
            return null;
        }
        catch (DbUpdateException exception) when (exception.IsUniqueViolation())
        {
            return log.SkuTaken();
        }
        catch (DbUpdateException exception) when (exception.IsForeignKeyViolation())
        {
            return log.CategoryRemoved();
        }
    }
}
