using Amazon.SQS;
using ECommerce.ServiceDefaults.Aws;
using Microsoft.Extensions.Hosting;

namespace ECommerce.Clients.Sqs;

public static class SqsExtensions
{
    /// <summary>
    /// Longer than the longest long poll (20 s), so a waiting receive is not cut off; the SDK's default (100 s) would
    /// leave a send to a frozen queue hanging for over a minute and a half.
    /// </summary>
    public static readonly TimeSpan Timeout = TimeSpan.FromSeconds(60);

    /// <summary>Registers <see cref="IAmazonSQS"/>; the service is healthy when each of <paramref name="queueNames"/> exists.</summary>
    public static IHostApplicationBuilder AddSqsClient(this IHostApplicationBuilder builder, params string[] queueNames) =>
        builder.AddAwsClient<IAmazonSQS>("SQS",
            settings => new AmazonSQSClient(CreateConfig(settings)),
            async (sqs, ct) =>
            {
                foreach (var queueName in queueNames)
                {
                    await sqs.GetQueueUrlAsync(queueName, ct);
                }
            });

    public static AmazonSQSConfig CreateConfig(AwsServiceSettings settings) => settings.Apply(new AmazonSQSConfig { Timeout = Timeout });
}
