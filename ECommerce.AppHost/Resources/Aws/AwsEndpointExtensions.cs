using Microsoft.Extensions.Configuration;

namespace ECommerce.AppHost.Resources.Aws;

public static class AwsEndpointExtensions
{
    /// <summary>
    /// AWS services that already exist, named by <c>ConnectionStrings__{name}</c>; null when the AppHost should run
    /// its emulator instead.
    /// </summary>
    public static IResourceBuilder<IAwsEndpointResource>? ExistingAwsEndpoint(this IDistributedApplicationBuilder builder, string name,
        params string[] serviceIds)
    {
        if (builder.Configuration.GetConnectionString(name) is not { Length: > 0 } connectionString)
        {
            return null;
        }
        return builder.AddResource(new ExistingAwsResource(name, connectionString, serviceIds))
            .WithInitialState(new CustomResourceSnapshot
            {
                ResourceType = "AWS",
                // Region and endpoint only: credentials never come through this connection string.
                Properties = [new("aws.connectionString", connectionString)],
            })
            // Nothing to start: it is there as soon as the graph is.
            .OnInitializeResource(static async (resource, e, ct) =>
            {
                await e.Eventing.PublishAsync(new BeforeResourceStartedEvent(resource, e.Services), ct);
                await e.Notifications.PublishUpdateAsync(resource, s => s with { State = KnownResourceStates.Running });
            });
    }

    /// <summary>
    /// Hands a service what the AWS SDK needs to reach <paramref name="aws"/>: <c>AWS_REGION</c> and, for an
    /// emulator, <c>AWS_ENDPOINT_URL_{SERVICE}</c> and dummy credentials (real ones are never handed to an emulator).
    /// </summary>
    public static IResourceBuilder<T> WithAwsReference<T>(this IResourceBuilder<T> builder, IResourceBuilder<IAwsEndpointResource> aws)
        where T : IResourceWithEnvironment
    {
        var endpoint = aws.Resource;
        return builder
            .WithReferenceRelationship(endpoint)
            .WithEnvironment(context =>
            {
                context.EnvironmentVariables["AWS_REGION"] = endpoint.Region;
                if (endpoint.ServiceUrl is { } url)
                {
                    foreach (var serviceId in endpoint.ServiceIds)
                    {
                        context.EnvironmentVariables[$"AWS_ENDPOINT_URL_{serviceId}"] = url;
                    }
                }
                if (endpoint.IsLocalEmulator)
                {
                    context.EnvironmentVariables["AWS_ACCESS_KEY_ID"] = "local";
                    context.EnvironmentVariables["AWS_SECRET_ACCESS_KEY"] = "local";
                }
            });
    }
}
