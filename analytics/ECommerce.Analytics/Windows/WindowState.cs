using ECommerce.Contracts.Orders;

namespace ECommerce.Analytics.Windows;

/// <summary>
/// What one open minute has gathered so far. Duplicates are recognised by event id: an event's id always comes with
/// the same occurred_at, so the ids a window has counted are all it needs to remember. The result does not depend
/// on the order the events came in.
/// </summary>
public sealed class WindowState
{
    public DateTimeOffset Start { get; set; }

    public SortedSet<Guid> EventIds { get; set; } = [];

    public int Orders { get; set; }

    public decimal Revenue { get; set; }

    public int Confirmed { get; set; }

    public int Cancelled { get; set; }

    /// <summary>Per buyer of an <c>order.created</c>: their orders and spend in this minute (the key set is the exact unique users).</summary>
    public SortedDictionary<Guid, UserTotals> Users { get; set; } = [];

    public SortedDictionary<Guid, ProductTotals> Products { get; set; } = [];

    public static WindowState For(DateTimeOffset start) => new() { Start = start };

    /// <summary>Counts the event; false when this window has counted it already.</summary>
    public bool Apply(OrderEvent e)
    {
        if (!EventIds.Add(e.EventId))
        {
            return false;
        }
        switch (e.EventType)
        {
            case OrderEventTypes.Created:
                Orders++;
                Revenue += e.TotalAmount;
                var user = Users.GetValueOrDefault(e.UserId) ?? new UserTotals();
                user.Orders++;
                user.Spend += e.TotalAmount;
                Users[e.UserId] = user;
                foreach (var item in e.Items)
                {
                    var product = Products.GetValueOrDefault(item.ProductId) ?? new ProductTotals();
                    product.Units += item.Quantity;
                    product.Revenue += item.Quantity * item.UnitPrice;
                    product.NameFrom(item.Name, e);
                    Products[item.ProductId] = product;
                }
                break;
            case OrderEventTypes.Confirmed:
                Confirmed++;
                break;
            case OrderEventTypes.Cancelled:
                Cancelled++;
                break;
        }
        return true;
    }

    public WindowResult ToResult() => new(
        MinuteWindows.Id(Start),
        Start,
        Start + MinuteWindows.Size,
        Orders,
        Users.Count,
        Money.Round(Revenue),
        Money.Round(Orders == 0 ? 0m : Revenue / Orders),
        Confirmed,
        Cancelled,
        [.. Products.Select(p => new ProductResult(p.Key, p.Value.Name, p.Value.Units, Money.Round(p.Value.Revenue)))],
        [.. Users.Select(u => new UserResult(u.Key, u.Value.Orders, Money.Round(u.Value.Spend)))]);
}

public sealed class UserTotals
{
    public int Orders { get; set; }

    public decimal Spend { get; set; }
}

public sealed class ProductTotals
{
    private (DateTimeOffset At, Guid EventId) _nameSource = (DateTimeOffset.MaxValue, Guid.Empty);

    /// <summary>The name the product had in the minute's first order (a rename within the minute does not make it depend on arrival order).</summary>
    public string Name { get; private set; } = "";

    public int Units { get; set; }

    public decimal Revenue { get; set; }

    public void NameFrom(string name, OrderEvent e)
    {
        if ((e.OccurredAt, e.EventId).CompareTo(_nameSource) < 0)
        {
            _nameSource = (e.OccurredAt, e.EventId);
            Name = name;
        }
    }
}

/// <summary>Money in results: two decimals, halves away from zero (as a receipt rounds), never binary floating point.</summary>
public static class Money
{
    // Adding 0.00 gives the sum at least two decimal places, so 53.5 is written 53.50: the same amount, the same bytes.
    public static decimal Round(decimal amount) => Math.Round(amount, 2, MidpointRounding.AwayFromZero) + 0.00m;
}
