namespace ECommerce.Contracts.Orders;

/// <summary>
/// Where an order goes, as the buyer wrote it at placement (any script). <see cref="Country"/> is an ISO 3166-1
/// alpha-2 code. Validated by the orders service; carried in the order's events so a label can be made from them.
/// </summary>
public sealed record ShippingAddress(string Name, string Line1, string? Line2, string City, string? Region, string PostalCode, string Country)
{
    /// <summary>The address as printed on a label, top to bottom.</summary>
    public IReadOnlyList<string> Lines() =>
        new[] { Name, Line1, Line2, string.Join(" ", new[] { PostalCode, City }), Region, Country }
            .Where(line => !string.IsNullOrWhiteSpace(line)).Select(line => line!).ToList();
}

/// <summary>The payment that confirmed an order: what a receipt shows (never the card number).</summary>
public sealed record OrderPayment(Guid PaymentId, string CardLast4, string? TransactionId, DateTimeOffset PaidAt);
