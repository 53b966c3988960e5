namespace ECommerce.Orders.Orders;

/// <summary>The <c>Orders</c> section.</summary>
public sealed class OrderOptions
{
    public const string SectionName = "Orders";

    /// <summary>An order still unpaid this long after it was placed is cancelled and its stock released.</summary>
    public TimeSpan PaymentTimeout { get; set; } = TimeSpan.FromMinutes(15);

    /// <summary>
    /// Stock reserved this long ago for an order that was never stored belongs to a placement that failed midway (see
    /// <see cref="AbandonedPlacements"/>). Far longer than a placement runs, so a slow one is not given up by mistake.
    /// </summary>
    public TimeSpan PlacementAbandonedAfter { get; set; } = TimeSpan.FromMinutes(5);

    /// <summary>How often the payment deadline and the abandoned placements are looked for.</summary>
    public TimeSpan SweepInterval { get; set; } = TimeSpan.FromSeconds(5);
}
