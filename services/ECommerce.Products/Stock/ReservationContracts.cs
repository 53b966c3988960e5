using System.Text.Json.Serialization;

namespace ECommerce.Products.Stock;

[JsonUnmappedMemberHandling(JsonUnmappedMemberHandling.Disallow)]
public sealed record ReserveStockRequest(Guid OrderId, IReadOnlyList<ReserveStockItem> Items);

[JsonUnmappedMemberHandling(JsonUnmappedMemberHandling.Disallow)]
public sealed record ReserveStockItem(Guid ProductId, int Quantity);

public static class ReservationStatuses
{
    public const string Reserved = "reserved";
    public const string Rejected = "rejected";
    public const string Released = "released";
    public const string Committed = "committed";
}

/// <summary>Why a line could not be reserved: the product is unknown, or has less stock than asked for.</summary>
public sealed record ReservationProblem(Guid ProductId, string Problem, int Requested, int Available);

public sealed record ReservedItem(Guid ProductId, string Name, int Quantity, decimal UnitPrice);

/// <summary>
/// The outcome of an order's reservation, the same every time it is asked for. Reserved items carry the unit price
/// at reservation time, which the order records.
/// </summary>
public sealed record Reservation(Guid OrderId, string Status, IReadOnlyList<ReservedItem> Items, IReadOnlyList<ReservationProblem> Problems);

/// <summary>A reservation still holding stock, and since when.</summary>
public sealed record HeldReservation(Guid OrderId, DateTimeOffset ReservedAt);
