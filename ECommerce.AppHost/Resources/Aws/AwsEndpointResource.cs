using System.Data.Common;

namespace ECommerce.AppHost.Resources.Aws;

/// <summary>The AWS SDKs' service ids (upper case), as in <c>AWS_ENDPOINT_URL_{SERVICE}</c>.</summary>
public static class AwsServices
{
    public const string DynamoDb = "DYNAMODB";
    public const string Sqs = "SQS";
    public const string S3 = "S3";
}

/// <summary>
/// AWS services the graph's code reaches through the SDKs' standard variables: an emulator of ours, an emulator
/// elsewhere, or real AWS (a region and no endpoint: the SDK resolves it, credentials come from the standard chain).
/// </summary>
public interface IAwsEndpointResource : IResource
{
    /// <summary>The services it answers for: <see cref="AwsServices"/>.</summary>
    IReadOnlyList<string> ServiceIds { get; }

    string Region { get; }

    /// <summary>The endpoint override; null for real AWS.</summary>
    ReferenceExpression? ServiceUrl { get; }

    /// <summary>An emulator the AppHost runs: it takes any credentials, so dummy ones are handed out for it.</summary>
    bool IsLocalEmulator { get; }
}

/// <summary>
/// AWS services that already exist, named by <c>ConnectionStrings__{name}</c>: <c>Region=eu-west-1</c> for real AWS,
/// or <c>ServiceURL=http://host:4566;Region=us-east-1</c> for an emulator elsewhere. Nothing is started for it.
/// </summary>
public sealed class ExistingAwsResource : Resource, IAwsEndpointResource
{
    public const string DefaultRegion = "us-east-1";

    public ExistingAwsResource(string name, string connectionString, IReadOnlyList<string> serviceIds) : base(name)
    {
        var parts = new DbConnectionStringBuilder { ConnectionString = connectionString };
        Region = parts.TryGetValue("Region", out var region) && region is string { Length: > 0 } r ? r : DefaultRegion;
        if (parts.TryGetValue("ServiceURL", out var url) && url is string { Length: > 0 } serviceUrl)
        {
            ServiceUrl = ReferenceExpression.Create($"{serviceUrl}");
        }
        ServiceIds = serviceIds;
    }

    public IReadOnlyList<string> ServiceIds { get; }

    public string Region { get; }

    public ReferenceExpression? ServiceUrl { get; }

    public bool IsLocalEmulator => false;
}
