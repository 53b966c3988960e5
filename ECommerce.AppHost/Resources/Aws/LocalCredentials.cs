using Amazon.Runtime;

namespace ECommerce.AppHost.Resources.Aws;

/// <summary>What the AppHost signs with against its own emulators, which take any credentials.</summary>
public static class LocalCredentials
{
    public static readonly AWSCredentials Instance = new BasicAWSCredentials("local", "local");
}
