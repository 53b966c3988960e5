using Amazon.Runtime;
using ECommerce.AppHost.Resources.Aws;
using ECommerce.ServiceDefaults.Aws;
using ECommerce.ServiceDefaults.Aws.Sqs;

namespace ECommerce.AppHost.Resources.Lambda;

/// <summary>The AppHost's own SQS client for an event source's queue.</summary>
public static class SqsClients
{
    /// <summary>
    /// Dummy credentials for an emulator (it takes any), the standard credential chain otherwise (real AWS, or an
    /// emulator elsewhere that the person configured credentials for).
    /// </summary>
    public static async Task<IAmazonSQS> CreateAsync(IAwsEndpointResource aws, HttpClient http, CancellationToken cancellationToken)
    {
        var url = aws.ServiceUrl is null ? null : await aws.ServiceUrl.GetValueAsync(cancellationToken);
        var settings = new AwsServiceSettings(aws.Region, url is null ? null : new Uri(url));
        return aws.IsLocalEmulator
            ? new AmazonSQSClient(settings, http, new BasicAWSCredentials("local", "local"))
            : new AmazonSQSClient(settings, http);
    }
}
