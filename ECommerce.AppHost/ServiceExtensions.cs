using ECommerce.AppHost.Resources;


namespace ECommerce.AppHost;

public static class ServiceExtensions
{
    public const string ManagementEndpoint = "management";

    /// <summary>
    /// The service's two HTTP endpoints, on 127.0.0.1 only and without a proxy (tests get random ports): <c>http</c> on
    /// <paramref name="port"/> serves its API, <c>management</c> on <paramref name="managementPort"/> its health report
    /// and Prometheus metrics, which the API port does not serve. The AppHost's health check asks the management port.
    /// </summary>
    public static IResourceBuilder<ProjectResource> WithServiceEndpoints(this IResourceBuilder<ProjectResource> project, int port, int managementPort)
    {
        project.WithLoopbackEndpoint("http", "http", port)
            .WithLoopbackEndpoint(ManagementEndpoint, "http", managementPort);
        var management = project.GetEndpoint(ManagementEndpoint);
        return project
            .WithEnvironment("Management__Port", management.Property(EndpointProperty.TargetPort))
            .WithHttpHealthCheck("/health", endpointName: ManagementEndpoint)
            // Shown with the resource's details, not as a link to click among the service's URLs.
            .WithUrlForEndpoint(ManagementEndpoint, url => url.DisplayLocation = UrlDisplayLocation.DetailsOnly);
    }

    /// <summary>
    /// The service's API is the system's public entry point: published, it sits behind the load balancer (its
    /// management port stays inside the cluster). Locally it changes nothing: every endpoint is on 127.0.0.1.
    /// </summary>
    public static IResourceBuilder<ProjectResource> WithPublicHttpEndpoint(this IResourceBuilder<ProjectResource> project) =>
        project.WithEndpoint("http", endpoint => endpoint.IsExternal = true);

    /// <summary>
    /// Run locally, the service takes the AppHost's environment: Development under <c>./run.sh</c> and the tests (the
    /// AppHost's launch profile). The services have no launch profiles of their own, so they would run as Production.
    /// Published, nothing is set, and a deployment runs as Production.
    /// </summary>
    public static IResourceBuilder<ProjectResource> WithAppHostEnvironment(this IResourceBuilder<ProjectResource> project) =>
        project.ApplicationBuilder.ExecutionContext.IsRunMode
            ? project.WithEnvironment("ASPNETCORE_ENVIRONMENT", project.ApplicationBuilder.Environment.EnvironmentName)
            : project;

    /// <summary>
    /// A secret from configuration (<c>Parameters__{name}</c>), else 256 random bits generated on the first run and
    /// kept in the AppHost's user secrets, so signing keys and the first admin's password survive restarts.
    /// </summary>
    public static IResourceBuilder<ParameterResource> AddGeneratedSecret(this IDistributedApplicationBuilder builder, string name) =>
        builder.AddParameter(name, new GenerateParameterDefault { MinLength = 43, Special = false }, secret: true, persist: true);
}
