using System.Text.Json;
using System.Text.Json.Serialization;
using System.Text.Json.Serialization.Metadata;

namespace ECommerce.Contracts.Orders;

/// <summary>
/// Source-generated JSON for order events, with <see cref="ContractJson.Options"/>: consumers that are trimmed (the
/// notification function's package) read events without reflection, and every producer writes the same shape.
/// </summary>
[JsonSerializable(typeof(OrderEvent))]
internal sealed partial class OrderEventJson : JsonSerializerContext
{
    private static readonly OrderEventJson Instance = new(new JsonSerializerOptions(ContractJson.Options));

    public static JsonTypeInfo<OrderEvent> TypeInfo => Instance.OrderEvent;
}
