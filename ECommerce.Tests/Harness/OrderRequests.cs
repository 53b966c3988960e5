using System.Text.Json;
using ECommerce.ServiceDefaults;

namespace ECommerce.Tests.Harness;

/// <summary>Bodies of <c>POST /api/v1/orders</c>: every order names where it goes.</summary>
public static class OrderRequests
{
    // Every field, in the request's order: a test that fingerprints a body as the service does needs its canonical form.
    public static readonly object Address = new
    {
        name = "Ada Lovelace", line1 = "12 St James's Square", line2 = (string?)null, city = "London", region = (string?)null,
        postal_code = "SW1Y 4JH", country = "GB",
    };

    public static string AddressJson => JsonSerializer.Serialize(Address, JsonDefaults.Options);

    public static object For(Guid product, int quantity) => new { items = new[] { new { product_id = product, quantity } }, shipping_address = Address };
}
