using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Authorization.Infrastructure;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.OpenApi;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.OpenApi;

namespace ECommerce.ServiceDefaults.OpenApi;

/// <summary>
/// Declares the bearer (JWT) scheme, and puts it on exactly the operations whose endpoint metadata asks for
/// authorization (and does not allow anonymous callers), with the 401 they answer without a valid token and the 403
/// when their policy asks for more than a signed-in caller, such as a role.
/// </summary>
public sealed class BearerSecurityTransformer : IOpenApiDocumentTransformer, IOpenApiOperationTransformer
{
    public const string SchemeName = "Bearer";

    public Task TransformAsync(OpenApiDocument document, OpenApiDocumentTransformerContext context, CancellationToken cancellationToken)
    {
        document.Components ??= new OpenApiComponents();
        document.Components.SecuritySchemes ??= new Dictionary<string, IOpenApiSecurityScheme>();
        document.Components.SecuritySchemes[SchemeName] = new OpenApiSecurityScheme
        {
            Type = SecuritySchemeType.Http,
            Scheme = "bearer",
            BearerFormat = "JWT",
            Description = "The access_token of POST /api/v1/auth/login, sent as 'Authorization: Bearer <token>'.",
        };
        return Task.CompletedTask;
    }

    public async Task TransformAsync(OpenApiOperation operation, OpenApiOperationTransformerContext context, CancellationToken cancellationToken)
    {
        var metadata = context.Description.ActionDescriptor.EndpointMetadata;
        var authorizeData = metadata.OfType<IAuthorizeData>().ToList();
        var policies = metadata.OfType<AuthorizationPolicy>().ToList();
        if (metadata.OfType<IAllowAnonymous>().Any() || (authorizeData.Count == 0 && policies.Count == 0))
        {
            return;
        }
        operation.Security ??= [];
        operation.Security.Add(new OpenApiSecurityRequirement { [new OpenApiSecuritySchemeReference(SchemeName, context.Document)] = [] });
        await ErrorResponsesTransformer.AddProblemAsync(operation, context, StatusCodes.Status401Unauthorized, "No valid bearer token, or its session has ended.");

        var provider = context.ApplicationServices.GetRequiredService<IAuthorizationPolicyProvider>();
        var policy = await AuthorizationPolicy.CombineAsync(provider, authorizeData, policies);
        if (policy?.Requirements.Any(requirement => requirement is not DenyAnonymousAuthorizationRequirement) == true)
        {
            await ErrorResponsesTransformer.AddProblemAsync(operation, context, StatusCodes.Status403Forbidden, "The caller lacks the role this operation needs.");
        }
    }
}
