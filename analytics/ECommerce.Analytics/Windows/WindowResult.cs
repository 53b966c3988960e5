namespace ECommerce.Analytics.Windows;

/// <summary>
/// A closed minute, as emitted once: to the <c>analytics-windows</c> topic, the DynamoDB table of that name and the
/// hour's S3 export. Lists are ordered by id, so the same events always make the same bytes.
/// </summary>
public sealed record WindowResult(
    string WindowId,
    DateTimeOffset WindowStart,
    DateTimeOffset WindowEnd,
    int TotalOrders,
    int UniqueUsers,
    decimal TotalRevenue,
    decimal AvgOrderValue,
    int ConfirmedOrders,
    int CancelledOrders,
    IReadOnlyList<ProductResult> Products,
    IReadOnlyList<UserResult> Users);

public sealed record ProductResult(Guid ProductId, string Name, int Units, decimal Revenue);

public sealed record UserResult(Guid UserId, int Orders, decimal Spend);
