using ECommerce.AppHost.Publishing;
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
    /// Hands a resource what the AWS SDK needs to reach <paramref name="aws"/> and records what it uses there
    /// (<paramref name="reads"/>, <paramref name="writes"/>: tables, queues or buckets of the endpoint's catalog), which
    /// is what its deployed least-privilege policy grants. Run locally: <c>AWS_REGION</c> and, for an emulator,
    /// <c>AWS_ENDPOINT_URL_{SERVICE}</c> and dummy credentials (real ones are never handed to an emulator). Published:
    /// the deployment's region only; credentials come from the workload's role.
    /// </summary>
    public static IResourceBuilder<T> WithAwsReference<T>(this IResourceBuilder<T> builder, IResourceBuilder<IAwsEndpointResource> aws,
        string[]? reads = null, string[]? writes = null)
        where T : IResourceWithEnvironment
    {
        var endpoint = aws.Resource;
        return builder
            .WithAwsAccess(aws, reads, writes)
            .WithReferenceRelationship(endpoint)
            .WithEnvironment(context =>
            {
                if (context.ExecutionContext.IsPublishMode)
                {
                    context.EnvironmentVariables["AWS_REGION"] = DeploymentSetting.AwsRegion;
                    return;
                }
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

    /// <summary>Records what the resource reads and writes at <paramref name="aws"/> (what its deployed policy grants), and nothing else.</summary>
    public static IResourceBuilder<T> WithAwsAccess<T>(this IResourceBuilder<T> builder, IResourceBuilder<IAwsEndpointResource> aws,
        string[]? reads = null, string[]? writes = null)
        where T : IResource
    {
        var endpoint = aws.Resource;
        var grants = (reads ?? []).Select(name => Grant(endpoint, name, AwsAccessLevel.Read))
            .Concat((writes ?? []).Select(name => Grant(endpoint, name, AwsAccessLevel.Write)))
            .ToList();
        return builder.WithAnnotation(new AwsAccessAnnotation(endpoint, grants));
    }

    private static AwsGrant Grant(IAwsEndpointResource endpoint, string name, AwsAccessLevel access)
    {
        if (endpoint is IAwsCatalog catalog && catalog.KindOf(name) is null)
        {
            throw new DistributedApplicationException(
                $"{endpoint.Name} holds no table, queue or bucket named '{name}': declare it on {endpoint.Name} before granting it.");
        }
        return new AwsGrant(name, access);
    }
}
