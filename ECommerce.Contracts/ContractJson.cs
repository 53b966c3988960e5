using System.Text.Json;
using System.Text.Json.Serialization;

namespace ECommerce.Contracts;

/// <summary>The JSON shape of every ECommerce API and event: snake_case names, numbers as numbers (money is decimal).</summary>
public static class ContractJson
{
    public static JsonSerializerOptions Options { get; } = Apply(new JsonSerializerOptions(JsonSerializerDefaults.Web));

    public static JsonSerializerOptions Apply(JsonSerializerOptions options)
    {
        options.PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower;
        options.DictionaryKeyPolicy = JsonNamingPolicy.SnakeCaseLower;
        // Numbers stay numbers: money is decimal end to end and must not be coerced from strings.
        options.NumberHandling = JsonNumberHandling.Strict;
        options.AllowTrailingCommas = false;
        options.MaxDepth = 32;
        return options;
    }
}
