using Amazon.DynamoDBv2;
using Amazon.DynamoDBv2.Model;
using Amazon.Runtime;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Hosting;

namespace ECommerce.ServiceDefaults.Aws;

/// <summary>AWS SDK clients configured from the standard region and endpoint variables, each with a health check.</summary>
public static class AwsExtensions
{
    /// <summary>
    /// Registers one AWSSDK client as a singleton and a health check that runs <paramref name="probe"/> against it.
    /// </summary>
    /// <param name="serviceId">The SDK's service id (DYNAMODB, SQS, S3): names the endpoint variable and the check.</param>
    /// <param name="create">Builds the client from the region and endpoint read from configuration.</param>
    public static IHostApplicationBuilder AddAwsClient<TClient>(
        this IHostApplicationBuilder builder,
        string serviceId,
        Func<AwsServiceSettings, TClient> create,
        Func<TClient, CancellationToken, Task> probe)
        where TClient : class
    {
        var settings = AwsServiceSettings.For(builder.Configuration, serviceId);
        builder.Services.AddSingleton(_ => create(settings));
        builder.Services.AddHealthChecks().Add(new HealthCheckRegistration(
            serviceId.ToLowerInvariant(),
            services => new AwsHealthCheck<TClient>(services.GetRequiredService<TClient>(), probe),
            HealthStatus.Unhealthy,
            tags: null,
            timeout: TimeSpan.FromSeconds(5)));
        return builder;
    }

    /// <summary>DynamoDB, which every service reaches at least for its sessions.</summary>
    public static IHostApplicationBuilder AddDynamoDbClient(this IHostApplicationBuilder builder) =>
        builder.AddAwsClient<IAmazonDynamoDB>("DYNAMODB",
            settings => new AmazonDynamoDBClient(settings.Apply(new AmazonDynamoDBConfig())),
            (client, ct) => client.ListTablesAsync(new ListTablesRequest { Limit = 1 }, ct));

    private sealed class AwsHealthCheck<TClient>(TClient client, Func<TClient, CancellationToken, Task> probe) : IHealthCheck
    {
        public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
        {
            try
            {
                await probe(client, cancellationToken);
                return HealthCheckResult.Healthy();
            }
            catch (Exception exception) when (exception is AmazonClientException or AmazonServiceException or HttpRequestException)
            {
                return HealthCheckResult.Unhealthy(exception.Message);
            }
        }
    }
}
