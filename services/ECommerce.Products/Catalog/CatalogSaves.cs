using ECommerce.Products.Data;
using ECommerce.Clients.Postgres;
using Microsoft.EntityFrameworkCore;

namespace ECommerce.Products.Catalog;

public static class CatalogSaves
{
    /// <summary>Saves, turning a unique or foreign-key violation (a race with another request) into a 409.</summary>
    public static async Task<ProblemHttpResult?> TrySaveAsync(this CatalogDbContext db, string conflictTitle, string conflictDetail,
        CancellationToken cancellationToken)
    {
        try
        {
            await db.SaveChangesAsync(cancellationToken);
            return null;
        }
        catch (DbUpdateException exception) when (exception.IsUniqueViolation())
        {
            return TypedResults.Problem(statusCode: StatusCodes.Status409Conflict, title: conflictTitle, detail: conflictDetail);
        }
        catch (DbUpdateException exception) when (exception.IsForeignKeyViolation())
        {
            return TypedResults.Problem(statusCode: StatusCodes.Status409Conflict, title: "Category removed",
                detail: "A category this change refers to was deleted meanwhile.");
        }
    }
}
