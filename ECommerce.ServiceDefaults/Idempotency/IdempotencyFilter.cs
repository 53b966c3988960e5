using System.Text.Json;
using ECommerce.Contracts;
using ECommerce.ServiceDefaults.Authentication;
using ECommerce.ServiceDefaults.OpenApi;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.OpenApi;

namespace ECommerce.ServiceDefaults.Idempotency;

/// <summary>
/// Requires an <c>Idempotency-Key</c> on an operation and makes it safe to repeat: the same key with the same body
/// replays the first response; with another body it is a 422; while the first is still running, a 409. Keys are
/// scoped to the caller and the operation, so nobody can replay or block someone else's.
/// </summary>
public sealed class IdempotencyFilter<TRequest>(IdempotencyStore store, string operation) : IEndpointFilter
{
    public const string Header = "Idempotency-Key";
    private const int MaximumKeyLength = 128;
    private const string KeyRule = "1 to 128 letters, digits, '-', '_', '.' or ':'";

    public async ValueTask<object?> InvokeAsync(EndpointFilterInvocationContext context, EndpointFilterDelegate next)
    {
        var http = context.HttpContext;
        var sent = http.Request.Headers[Header];
        if (sent.Count == 0)
        {
            return Problem(StatusCodes.Status400BadRequest, "Idempotency-Key required",
                $"Send an {Header} header ({KeyRule}) that is unique to this operation.");
        }
        if (sent is not [{ } key] || !IsAcceptable(key))
        {
            return Problem(StatusCodes.Status400BadRequest, "Idempotency-Key malformed",
                $"The {Header} header must be one value of {KeyRule}; a UUID is a good choice.");
        }
        var scopeKey = $"{http.User.GetUserId()}:{operation}:{key}";
        var body = context.Arguments.OfType<TRequest>().FirstOrDefault();
        var fingerprint = store.Fingerprint(JsonSerializer.Serialize(body, ContractJson.Options));

        var claim = await store.ClaimAsync(scopeKey, fingerprint, http.RequestAborted);
        if (claim is not IdempotencyClaim.Started(var claimId))
        {
            return Answer(http, claim);
        }
        var idempotent = new IdempotentRequest(store, scopeKey, claimId);
        http.Features.Set(idempotent);

        object? result;
        try
        {
            result = await next(context);
            // Results<T1, T2> wraps the result that has the status, value and location.
            while (result is INestedHttpResult nested)
            {
                result = nested.Result;
            }
        }
        catch
        {
            await store.ReleaseAsync(scopeKey, claimId);
            throw;
        }
        var statusCode = (result as IStatusCodeHttpResult)?.StatusCode ?? StatusCodes.Status200OK;
        if (statusCode >= 500)
        {
            await store.ReleaseAsync(scopeKey, claimId);
            return result;
        }
        if (idempotent.RecordedByHandler)
        {
            return result;
        }
        var value = (result as IValueHttpResult)?.Value;
        // Created<T> and Accepted<T> carry a Location; the replay must too.
        var location = result?.GetType().GetProperty("Location")?.GetValue(result) as string;
        try
        {
            if (!await store.CompleteAsync(scopeKey, claimId, statusCode,
                value is null ? "" : JsonSerializer.Serialize(value, value.GetType(), ContractJson.Options), location, CancellationToken.None))
            {
                http.RequestServices.GetRequiredService<ILogger<IdempotencyStore>>()
                    .LogWarning("The claim on idempotency key {ScopeKey} was taken over by a retry before this response was recorded", scopeKey);
            }
        }
        catch (Exception exception)
        {
            // The operation happened: its answer goes out. Retries see "in progress" until the claim is abandoned.
            http.RequestServices.GetRequiredService<ILogger<IdempotencyStore>>()
                .LogError(exception, "Could not record the response for idempotency key {ScopeKey}", scopeKey);
        }
        return result;
    }

    /// <summary>What a request whose key is already taken gets: the first response again, or why it cannot run.</summary>
    private static object Answer(HttpContext http, IdempotencyClaim claim)
    {
        switch (claim)
        {
            case IdempotencyClaim.Completed(var status, var stored, var storedLocation):
                http.Response.Headers["Idempotent-Replayed"] = "true";
                return new ReplayedResult(status, stored, storedLocation);
            case IdempotencyClaim.DifferentRequest:
                return Problem(StatusCodes.Status422UnprocessableEntity, "Idempotency-Key reused",
                    "This key was used for a different request. Use a new key for a new operation.");
            default:
                return Problem(StatusCodes.Status409Conflict, "Request in progress",
                    "A request with this key is still being processed. Retry later to get its outcome.");
        }
    }

    private static bool IsAcceptable(string key) =>
        key.Length is > 0 and <= MaximumKeyLength && key.All(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '_' or '.' or ':');

    private static ProblemHttpResult Problem(int status, string title, string detail) =>
        TypedResults.Problem(statusCode: status, title: title, detail: detail);

    /// <summary>The first response, as it was: status, body and Location.</summary>
    private sealed class ReplayedResult(int status, string body, string? location) : IResult
    {
        public async Task ExecuteAsync(HttpContext httpContext)
        {
            httpContext.Response.StatusCode = status;
            if (location is not null)
            {
                httpContext.Response.Headers.Location = location;
            }
            if (body.Length > 0)
            {
                httpContext.Response.ContentType = status >= 400 ? "application/problem+json" : "application/json; charset=utf-8";
                await httpContext.Response.WriteAsync(body);
            }
        }
    }
}

public static class IdempotencyFilterExtensions
{
    /// <summary>
    /// Makes the endpoint idempotent per caller and <paramref name="operation"/>; see <see cref="IdempotencyFilter{TRequest}"/>.
    /// Its OpenAPI operation documents the required header and the filter's own answers.
    /// </summary>
    public static RouteHandlerBuilder WithIdempotencyKey<TRequest>(this RouteHandlerBuilder builder, string operation) =>
        builder.AddEndpointFilter(async (context, next) =>
            {
                var filter = new IdempotencyFilter<TRequest>(context.HttpContext.RequestServices.GetRequiredService<IdempotencyStore>(), operation);
                return await filter.InvokeAsync(context, next);
            })
            .AddOpenApiOperationTransformer(async (openApiOperation, context, _) =>
            {
                openApiOperation.Parameters ??= [];
                openApiOperation.Parameters.Add(KeyParameter);
                // Beside, not over, what the endpoint documents itself (a validation filter's 400 with its errors).
                await ErrorResponsesTransformer.AddProblemAsync(openApiOperation, context, StatusCodes.Status400BadRequest, $"No valid {IdempotencyFilter<object>.Header}.");
                await ErrorResponsesTransformer.AddProblemAsync(openApiOperation, context, StatusCodes.Status409Conflict, "A request with this key is still running.");
                await ErrorResponsesTransformer.AddProblemAsync(openApiOperation, context, StatusCodes.Status422UnprocessableEntity, "This key was used for a different request.");
            });

    private static readonly OpenApiParameter KeyParameter = new()
    {
        Name = IdempotencyFilter<object>.Header,
        In = ParameterLocation.Header,
        Required = true,
        Description = "Unique to this operation. The same key with the same body answers the first response again "
            + "(Idempotent-Replayed: true); with another body 422; while the first request is still running 409.",
        Schema = new OpenApiSchema { Type = JsonSchemaType.String, Pattern = "^[A-Za-z0-9_.:-]{1,128}$" },
    };
}
