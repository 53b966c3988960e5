using Microsoft.AspNetCore.OpenApi;
using Microsoft.OpenApi;

namespace ECommerce.ServiceDefaults.OpenApi;

/// <summary>
/// Money is <c>decimal</c>, written as a JSON number (never a string: the contracts read numbers strictly). The
/// generator calls every number a <c>double</c>, which would tell a client generator to round prices through binary
/// floating point; the document says <c>decimal</c> instead.
/// </summary>
public sealed class MoneySchemaTransformer : IOpenApiSchemaTransformer
{
    public const string Format = "decimal";

    public Task TransformAsync(OpenApiSchema schema, OpenApiSchemaTransformerContext context, CancellationToken cancellationToken)
    {
        var type = context.JsonTypeInfo.Type;
        if ((Nullable.GetUnderlyingType(type) ?? type) == typeof(decimal))
        {
            schema.Format = Format;
        }
        return Task.CompletedTask;
    }
}
