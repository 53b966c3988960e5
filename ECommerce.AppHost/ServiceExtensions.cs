using ECommerce.AppHost.Resources;


namespace ECommerce.AppHost;

public static class ServiceExtensions
{
    /// <summary>
    /// The service's HTTP endpoint, on 127.0.0.1 only and without a proxy: <paramref name="port"/> is the stable
    /// address for a person (tests get a random one).
    /// </summary>
    public static IResourceBuilder<ProjectResource> WithLoopbackHttpEndpoint(this IResourceBuilder<ProjectResource> project, int port) =>
        project.WithLoopbackEndpoint("http", "http", port);

    /// <summary>
    /// A secret from configuration (<c>Parameters__{name}</c>), else 256 random bits generated on the first run and
    /// kept in the AppHost's user secrets, so signing keys and the first admin's password survive restarts.
    /// </summary>
    public static IResourceBuilder<ParameterResource> AddGeneratedSecret(this IDistributedApplicationBuilder builder, string name) =>
        builder.AddParameter(name, new GenerateParameterDefault { MinLength = 43, Special = false }, secret: true, persist: true);
}
