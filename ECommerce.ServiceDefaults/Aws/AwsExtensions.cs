using Amazon.DynamoDBv2;
using Amazon.DynamoDBv2.Model;
using Amazon.S3;
using ECommerce.ServiceDefaults.Aws.Sqs;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Hosting;

namespace ECommerce.ServiceDefaults.Aws;

/// <summary>AWS clients configured from the standard region and endpoint variables, with health checks.</summary>
public static class AwsExtensions
{
    public static IHostApplicationBuilder AddDynamoDbClient(this IHostApplicationBuilder builder)
    {
        var settings = AwsServiceSettings.For(builder.Configuration, "DYNAMODB");
        builder.Services.AddSingleton<IAmazonDynamoDB>(_ => new AmazonDynamoDBClient(settings.Apply(new AmazonDynamoDBConfig())));
        builder.Services.AddHealthChecks().Add(Check("dynamodb", async (IAmazonDynamoDB client, CancellationToken ct) =>
            await client.ListTablesAsync(new ListTablesRequest { Limit = 1 }, ct)));
        return builder;
    }

    public static IHostApplicationBuilder AddS3Client(this IHostApplicationBuilder builder)
    {
        var settings = AwsServiceSettings.For(builder.Configuration, "S3");
        builder.Services.AddSingleton<IAmazonS3>(_ => new AmazonS3Client(CreateS3Config(settings)));
        builder.Services.AddHealthChecks().Add(Check("s3", async (IAmazonS3 client, CancellationToken ct) =>
            await client.ListBucketsAsync(ct)));
        return builder;
    }

    /// <param name="queueNames">Queues the service depends on; the health check asks for each one's URL.</param>
    public static IHostApplicationBuilder AddSqsClient(this IHostApplicationBuilder builder, params string[] queueNames)
    {
        var settings = AwsServiceSettings.For(builder.Configuration, "SQS");
        builder.Services.AddHttpClient(AmazonSQSClient.HttpClientName, http => http.Timeout = AmazonSQSClient.HttpTimeout);
        builder.Services.AddSingleton<IAmazonSQS>(services => new AmazonSQSClient(
            settings, services.GetRequiredService<IHttpClientFactory>().CreateClient(AmazonSQSClient.HttpClientName)));
        builder.Services.AddHealthChecks().Add(Check("sqs", async (IAmazonSQS client, CancellationToken ct) =>
        {
            foreach (var queueName in queueNames)
            {
                await client.GetQueueUrlAsync(new GetQueueUrlRequest { QueueName = queueName }, ct);
            }
        }));
        return builder;
    }

    /// <summary>Path-style addressing against an endpoint override: emulators do not serve bucket subdomains.</summary>
    public static AmazonS3Config CreateS3Config(AwsServiceSettings settings) =>
        settings.Apply(new AmazonS3Config { ForcePathStyle = settings.ServiceUrl is not null });

    private static HealthCheckRegistration Check<TClient>(string name, Func<TClient, CancellationToken, Task> probe)
        where TClient : notnull =>
        new(name, services => new DelegateHealthCheck<TClient>(services.GetRequiredService<TClient>(), probe),
            HealthStatus.Unhealthy, tags: null, timeout: TimeSpan.FromSeconds(5));

    private sealed class DelegateHealthCheck<TClient>(TClient client, Func<TClient, CancellationToken, Task> probe) : IHealthCheck
    {
        public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
        {
            try
            {
                await probe(client, cancellationToken);
                return HealthCheckResult.Healthy();
            }
            catch (Exception exception) when (exception is Amazon.Runtime.AmazonClientException or Amazon.Runtime.AmazonServiceException or HttpRequestException)
            {
                return HealthCheckResult.Unhealthy(exception.Message);
            }
        }
    }
}
