using System.Globalization;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.OpenApi;
using Microsoft.AspNetCore.WebUtilities;
using Microsoft.OpenApi;

namespace ECommerce.ServiceDefaults.OpenApi;

/// <summary>
/// The error answers every service gives the same way, documented where they apply: an operation that reads a body
/// answers 400 for one it cannot read, 413 for one over the size limit and 415 for another media type (the framework
/// refuses them, the service defaults turn that into a ProblemDetails). And every error response has the
/// ProblemDetails body it really has: a bare status such as a typed <c>NotFound</c> is given one by the status code
/// pages of <c>UseServiceDefaults</c>.
/// </summary>
public sealed class ErrorResponsesTransformer : IOpenApiOperationTransformer
{
    public const string ProblemContentType = "application/problem+json";

    public async Task TransformAsync(OpenApiOperation operation, OpenApiOperationTransformerContext context, CancellationToken cancellationToken)
    {
        if (operation.RequestBody is not null)
        {
            await AddProblemAsync(operation, context, StatusCodes.Status400BadRequest, "The request body cannot be read, or is not valid for this operation.");
            await AddProblemAsync(operation, context, StatusCodes.Status413PayloadTooLarge, "The request body is larger than this operation accepts.");
            await AddProblemAsync(operation, context, StatusCodes.Status415UnsupportedMediaType, "The request body is not of a media type this operation reads.");
        }
        foreach (var (status, response) in operation.Responses ?? [])
        {
            if (int.TryParse(status, CultureInfo.InvariantCulture, out var code) && code >= 400
                && response is OpenApiResponse { Content: null or { Count: 0 } } bare)
            {
                bare.Content = new Dictionary<string, OpenApiMediaType> { [ProblemContentType] = new() { Schema = await ProblemSchemaAsync(context, cancellationToken) } };
            }
        }
    }

    /// <summary>Documents a ProblemDetails answer with <paramref name="status"/>, unless the operation already documents that status.</summary>
    public static async Task AddProblemAsync(OpenApiOperation operation, OpenApiOperationTransformerContext context, int status, string description)
    {
        operation.Responses ??= [];
        var key = status.ToString(CultureInfo.InvariantCulture);
        if (operation.Responses.ContainsKey(key))
        {
            return;
        }
        operation.Responses[key] = new OpenApiResponse
        {
            Description = $"{ReasonPhrases.GetReasonPhrase(status)}: {description}",
            Content = new Dictionary<string, OpenApiMediaType> { [ProblemContentType] = new() { Schema = await ProblemSchemaAsync(context, default) } },
        };
    }

    // One ProblemDetails component, shared with the responses the framework documents from ProducesProblem metadata.
    private static async Task<IOpenApiSchema> ProblemSchemaAsync(OpenApiOperationTransformerContext context, CancellationToken cancellationToken)
    {
        const string id = nameof(ProblemDetails);
        if (context.Document is not { } document)
        {
            return await context.GetOrCreateSchemaAsync(typeof(ProblemDetails), cancellationToken: cancellationToken);
        }
        if (document.Components?.Schemas?.ContainsKey(id) != true)
        {
            document.AddComponent(id, await context.GetOrCreateSchemaAsync(typeof(ProblemDetails), cancellationToken: cancellationToken));
        }
        return new OpenApiSchemaReference(id, document);
    }
}
