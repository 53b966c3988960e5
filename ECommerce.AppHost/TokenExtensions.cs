
namespace ECommerce.AppHost;

/// <summary>The JWT settings the users service signs with and every other service validates with.</summary>
public static class TokenExtensions
{
    public const string Issuer = "ecommerce-users";
    public const string Audience = "ecommerce-api";

    public static IResourceBuilder<ProjectResource> WithTokenValidation(this IResourceBuilder<ProjectResource> project,
        IResourceBuilder<ParameterResource> signingKey) =>
        project
            .WithEnvironment("Jwt__Issuer", Issuer)
            .WithEnvironment("Jwt__Audience", Audience)
            .WithEnvironment("Jwt__SigningKey", signingKey);
}
