using System.Text.Json;
using Microsoft.AspNetCore.Diagnostics;
using Microsoft.AspNetCore.Http;

namespace ECommerce.ServiceDefaults.Http;

/// <summary>
/// Turns a request the framework could not bind (malformed or too deep JSON, a property the contract does not
/// have, a body over the size limit) into a 4xx ProblemDetails. The JSON path is kept; the framework's message is
/// not, because it names internal types.
/// </summary>
public sealed class BadRequestExceptionHandler(IProblemDetailsService problemDetails) : IExceptionHandler
{
    public async ValueTask<bool> TryHandleAsync(HttpContext httpContext, Exception exception, CancellationToken cancellationToken)
    {
        if (exception is not BadHttpRequestException badRequest)
        {
            return false;
        }
        var json = FindJsonException(badRequest);
        if (json is MoneyPrecisionException money)
        {
            // A value the client can correct: named like any other validation error, by its field.
            var field = money.Path is { Length: > 2 } path && path.StartsWith("$.", StringComparison.Ordinal) ? path[2..] : "body";
            httpContext.Response.StatusCode = StatusCodes.Status400BadRequest;
            return await problemDetails.TryWriteAsync(new ProblemDetailsContext
            {
                HttpContext = httpContext,
                ProblemDetails = new HttpValidationProblemDetails(new Dictionary<string, string[]> { [field] = [money.Message] })
                {
                    Status = StatusCodes.Status400BadRequest,
                },
            });
        }
        var detail = badRequest.StatusCode switch
        {
            StatusCodes.Status413PayloadTooLarge => "The request body is larger than this endpoint accepts.",
            _ when json?.Path is { Length: > 0 } path => $"The request body is not valid for this operation at '{path}'.",
            _ when json is not null => "The request body is not valid JSON for this operation.",
            _ => "The request is not valid for this operation.",
        };
        return await problemDetails.WriteProblemAsync(httpContext, badRequest.StatusCode, "Bad request", detail);
    }

    private static JsonException? FindJsonException(Exception exception)
    {
        for (var inner = exception.InnerException; inner is not null; inner = inner.InnerException)
        {
            if (inner is JsonException json)
            {
                return json;
            }
        }
        return null;
    }
}
