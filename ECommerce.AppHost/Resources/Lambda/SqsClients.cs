using Amazon.SQS;
using ECommerce.AppHost.Resources.Aws;
using ECommerce.Clients.Sqs;
using ECommerce.ServiceDefaults.Aws;

namespace ECommerce.AppHost.Resources.Lambda;

/// <summary>The AppHost's own SQS client for an event source's queue.</summary>
public static class SqsClients
{
    /// <summary>
    /// Dummy credentials for an emulator (it takes any), the standard credential chain otherwise (real AWS, or an
    /// emulator elsewhere that the person configured credentials for).
    /// </summary>
    public static async Task<IAmazonSQS> CreateAsync(IAwsEndpointResource aws, CancellationToken cancellationToken)
    {
        var url = aws.ServiceUrl is null ? null : await aws.ServiceUrl.GetValueAsync(cancellationToken);
        var config = SqsExtensions.CreateConfig(new AwsServiceSettings(aws.Region, url is null ? null : new Uri(url)));
        return aws.IsLocalEmulator ? new AmazonSQSClient(LocalCredentials.Instance, config) : new AmazonSQSClient(config);
    }
}
