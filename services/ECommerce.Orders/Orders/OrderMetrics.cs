using System.Diagnostics.Metrics;

namespace ECommerce.Orders.Orders;

/// <summary>What an operator watches of order placement: how many orders are accepted, and why others are refused.</summary>
public sealed class OrderMetrics
{
    public const string MeterName = "ECommerce.Orders";

    private readonly Counter<long> _placed;
    private readonly Counter<long> _refused;
    private readonly Counter<long> _abandoned;

    public OrderMetrics(IMeterFactory meterFactory)
    {
        var meter = meterFactory.Create(MeterName);
        _placed = meter.CreateCounter<long>("ecommerce.orders.placed", "{order}", "Orders accepted and stored.");
        _refused = meter.CreateCounter<long>("ecommerce.orders.refused", "{order}", "Orders refused, by reason (bad input is not counted here).");
        _abandoned = meter.CreateCounter<long>("ecommerce.orders.placements_abandoned", "{order}",
            "Placements that reserved stock and never stored their order (a crash, a store outage), given up and their stock released.");
    }

    public void Placement(PlacementOutcome outcome)
    {
        switch (outcome)
        {
            case PlacementOutcome.Placed:
                _placed.Add(1);
                break;
            case PlacementOutcome.Refused refused:
                _refused.Add(1, new KeyValuePair<string, object?>("reason", refused.Reason));
                break;
        }
    }

    public void PlacementAbandoned() => _abandoned.Add(1);
}
