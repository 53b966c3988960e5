namespace ECommerce.Products.Catalog;

/// <summary>
/// The log of an administrator's catalog changes: stock moved by hand (the audit trail of stock that did not move
/// through an order), and the changes the stored state refused. A refusal is logged at Information with an event id
/// of its own: the service answered as it should, and an operator may still want to see that it did.
/// </summary>
public sealed class CatalogLog
{
    public static readonly EventId StockAdjusted = new(1, nameof(StockAdjusted));

    /// <summary>A product created or updated with a SKU another product has (409).</summary>
    public static readonly EventId SkuTaken = new(2, nameof(SkuTaken));

    /// <summary>A product or category saved with a category deleted meanwhile (409).</summary>
    public static readonly EventId CategoryRemoved = new(3, nameof(CategoryRemoved));

    /// <summary>A category created or renamed with a name its parent already has (409).</summary>
    public static readonly EventId CategoryNameTaken = new(4, nameof(CategoryNameTaken));

    /// <summary>A category deleted while it has products or sub-categories (409).</summary>
    public static readonly EventId CategoryInUse = new(5, nameof(CategoryInUse));

    /// <summary>A stock adjustment that would take the stock level below zero or beyond its range (409).</summary>
    public static readonly EventId StockOutOfRange = new(6, nameof(StockOutOfRange));

    // Only a logging category (ILogger<CatalogLog>).
    private CatalogLog()
    {
    }
}

public static class CatalogRefusals
{
    /// <summary>Logs the refusal at Information (ids only: the request's values are the client's) and answers it as a 409.</summary>
    public static ProblemHttpResult Refuse(this ILogger<CatalogLog> logger, EventId refusal, string title, string detail)
    {
        logger.LogInformation(refusal, "Catalog change refused: {Title}.", title);
        return TypedResults.Problem(statusCode: StatusCodes.Status409Conflict, title: title, detail: detail);
    }

    public static ProblemHttpResult SkuTaken(this ILogger<CatalogLog> logger) =>
        logger.Refuse(CatalogLog.SkuTaken, "SKU already exists", "Another product already has this SKU.");

    public static ProblemHttpResult CategoryRemoved(this ILogger<CatalogLog> logger) =>
        logger.Refuse(CatalogLog.CategoryRemoved, "Category removed", "A category this change refers to was deleted meanwhile.");

    public static ProblemHttpResult CategoryNameTaken(this ILogger<CatalogLog> logger) =>
        logger.Refuse(CatalogLog.CategoryNameTaken, "Category exists", "A category with this name already exists under the same parent.");

    public static ProblemHttpResult CategoryInUse(this ILogger<CatalogLog> logger) =>
        logger.Refuse(CatalogLog.CategoryInUse, "Category in use", "The category still has sub-categories or products; move or delete them first.");

    public static ProblemHttpResult StockOutOfRange(this ILogger<CatalogLog> logger) =>
        logger.Refuse(CatalogLog.StockOutOfRange, "Stock out of range", "The adjustment would take the stock level below zero or beyond its range.");
}
