using Microsoft.Extensions.DependencyInjection;

namespace ECommerce.ServiceDefaults.OpenApi;

public static class OpenApiExtensions
{
    /// <summary>
    /// The OpenAPI document every service serves at <c>/openapi/v1.json</c>: money as decimals, the bearer scheme on
    /// the operations that need a token, every error answer with its ProblemDetails, and no servers (the service's
    /// own address is internal: readers get the document, and the API, from the gateway).
    /// </summary>
    public static IServiceCollection AddDefaultOpenApi(this IServiceCollection services) =>
        services.AddOpenApi(options =>
        {
            options.AddSchemaTransformer<MoneySchemaTransformer>();
            options.AddOperationTransformer<BearerSecurityTransformer>();
            options.AddOperationTransformer<ErrorResponsesTransformer>();
            options.AddDocumentTransformer<BearerSecurityTransformer>();
            options.AddDocumentTransformer((document, _, _) =>
            {
                document.Servers?.Clear();
                return Task.CompletedTask;
            });
        });
}
