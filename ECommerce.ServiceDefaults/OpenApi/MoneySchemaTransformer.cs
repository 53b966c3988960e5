using Microsoft.AspNetCore.OpenApi;
using Microsoft.OpenApi;

namespace ECommerce.ServiceDefaults.OpenApi;

/// <summary>
/// Money is <c>decimal</c>, written as a JSON number (never a string: the contracts read numbers strictly). The
/// generator calls every number a <c>double</c>, which would tell a client generator to round prices through binary
/// floating point; the document says <c>decimal</c> instead. (Request bodies read decimals through
/// <see cref="Http.MoneyJsonConverter"/>, which the generator cannot see through, so the type is stated here too.)
/// </summary>
public sealed class MoneySchemaTransformer : IOpenApiSchemaTransformer
{
    public const string Format = "decimal";

    public Task TransformAsync(OpenApiSchema schema, OpenApiSchemaTransformerContext context, CancellationToken cancellationToken)
    {
        var type = context.JsonTypeInfo.Type;
        if ((Nullable.GetUnderlyingType(type) ?? type) == typeof(decimal))
        {
            schema.Type = Nullable.GetUnderlyingType(type) is null ? JsonSchemaType.Number : JsonSchemaType.Number | JsonSchemaType.Null;
            schema.Format = Format;
        }
        return Task.CompletedTask;
    }
}
