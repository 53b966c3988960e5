using Amazon;
using Amazon.Runtime;
using Microsoft.Extensions.Configuration;

namespace ECommerce.ServiceDefaults.Aws;

/// <summary>
/// Region and endpoint of one AWS service, read from the SDKs' standard variables: <c>AWS_REGION</c> and
/// <c>AWS_ENDPOINT_URL_{SERVICE}</c> (or <c>AWS_ENDPOINT_URL</c>). Locally the AppHost points them at the
/// emulators; against real AWS only the region is set and the SDK resolves the endpoint.
/// </summary>
public sealed record AwsServiceSettings(string Region, Uri? ServiceUrl)
{
    public const string DefaultRegion = "us-east-1";

    /// <param name="serviceId">The SDK's service id in upper case: DYNAMODB, SQS, S3.</param>
    public static AwsServiceSettings For(IConfiguration configuration, string serviceId)
    {
        var region = configuration["AWS_REGION"] ?? configuration["AWS_DEFAULT_REGION"] ?? DefaultRegion;
        var url = configuration[$"AWS_ENDPOINT_URL_{serviceId}"] ?? configuration["AWS_ENDPOINT_URL"];
        return new AwsServiceSettings(region, string.IsNullOrWhiteSpace(url) ? null : new Uri(url));
    }

    /// <summary>Applies the region and endpoint to an AWSSDK client configuration.</summary>
    public TConfig Apply<TConfig>(TConfig config) where TConfig : ClientConfig
    {
        if (ServiceUrl is null)
        {
            config.RegionEndpoint = RegionEndpoint.GetBySystemName(Region);
        }
        else
        {
            config.ServiceURL = ServiceUrl.ToString();
            config.AuthenticationRegion = Region;
        }
        return config;
    }
}
