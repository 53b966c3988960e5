namespace ECommerce.Documents.Documents;

/// <summary>Who the documents come from (configuration section <c>Shop</c>).</summary>
public sealed class ShopOptions
{
    public const string SectionName = "Shop";

    public string Name { get; set; } = "ECommerce";

    /// <summary>The sender's address in one line, as printed on invoices, receipts and labels.</summary>
    public string Address { get; set; } = "ECommerce Ltd, 1 Market Street, London EC1A 1AA, United Kingdom";

    /// <summary>The currency of every price in the shop (ISO 4217).</summary>
    public string Currency { get; set; } = "EUR";
}
