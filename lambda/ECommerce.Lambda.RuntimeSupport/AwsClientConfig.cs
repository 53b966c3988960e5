using Amazon.Runtime;

namespace ECommerce.Lambda.RuntimeSupport;

/// <summary>
/// An AWS SDK client's configuration from Lambda's standard variables: <c>AWS_REGION</c> (Lambda always sets it; the
/// AppHost does too) and, locally, the emulator's endpoint in <c>AWS_ENDPOINT_URL_{SERVICE}</c>. Credentials come
/// from the SDK's default chain (the function's role on Lambda).
/// </summary>
public static class AwsClientConfig
{
    public static TConfig FromEnvironment<TConfig>(string serviceId, TConfig config) where TConfig : ClientConfig
    {
        var region = Environment.GetEnvironmentVariable("AWS_REGION")
            ?? throw new InvalidOperationException("AWS_REGION is not set (Lambda always sets it; the AppHost does too).");
        if (Environment.GetEnvironmentVariable($"AWS_ENDPOINT_URL_{serviceId}") is { Length: > 0 } endpoint)
        {
            config.ServiceURL = endpoint;
            config.AuthenticationRegion = region;
        }
        else
        {
            config.RegionEndpoint = Amazon.RegionEndpoint.GetBySystemName(region);
        }
        return config;
    }
}
