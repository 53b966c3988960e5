using System.Data.Common;
using ECommerce.AppHost.Hosting;

namespace ECommerce.AppHost.Resources;

/// <summary>
/// What AWS-shaped resources share: an endpoint override locally, or real AWS (a region, no endpoint) when the
/// AppHost's configuration has <c>ConnectionStrings__{name}</c> such as <c>Region=eu-west-1</c> or
/// <c>ServiceURL=http://host:4566;Region=us-east-1</c>.
/// </summary>
public abstract class AwsResource : Resource, IResourceWithConnectionString
{
    public const string LocalRegion = "us-east-1";

    protected AwsResource(string name, string? externalConnectionString) : base(name)
    {
        if (!string.IsNullOrWhiteSpace(externalConnectionString))
        {
            var parts = new DbConnectionStringBuilder { ConnectionString = externalConnectionString };
            ExternalServiceUrl = parts.TryGetValue("ServiceURL", out var url) ? url?.ToString() : null;
            Region = parts.TryGetValue("Region", out var region) ? region?.ToString() ?? LocalRegion : LocalRegion;
            IsExternalConfigured = true;
        }
    }

    /// <summary>The AWS SDK service ids (upper case) this resource serves: DYNAMODB, SQS, S3.</summary>
    protected abstract string[] ServiceIds { get; }

    public string Region { get; } = LocalRegion;

    public override bool IsExternal => IsExternalConfigured;

    /// <summary>The endpoint override; null for real AWS, where the SDK resolves endpoints from the region.</summary>
    public string? ServiceUrl => IsExternalConfigured ? ExternalServiceUrl : LocalServiceUrl;

    public string? ConnectionString => ServiceUrl is null ? $"Region={Region}" : $"ServiceURL={ServiceUrl};Region={Region}";

    protected string? LocalServiceUrl { get; set; }

    private bool IsExternalConfigured { get; }

    private string? ExternalServiceUrl { get; }

    public override IEnumerable<KeyValuePair<string, string>> GetReferenceEnvironment()
    {
        yield return new("AWS_REGION", Region);
        if (ServiceUrl is not null)
        {
            foreach (var serviceId in ServiceIds)
            {
                yield return new($"AWS_ENDPOINT_URL_{serviceId}", ServiceUrl);
            }
        }
        if (!IsExternalConfigured)
        {
            // The emulators accept any credentials; real ones are never handed to them.
            yield return new("AWS_ACCESS_KEY_ID", "local");
            yield return new("AWS_SECRET_ACCESS_KEY", "local");
        }
    }
}
