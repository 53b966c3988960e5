using Microsoft.Extensions.Configuration;

namespace ECommerce.AppHost.Publishing;

/// <summary>
/// Where the published graph goes: configuration <c>Publish:*</c> (<c>./publish.sh</c> passes its options as these).
/// Names of cloud resources are prefixed with <c>{Project}-{Environment}</c> where the model's names are not global
/// already; tables, queues, buckets and topics keep the model's names, which the services' code uses.
/// </summary>
public sealed record CloudTarget(string Environment, string AwsRegion, string AwsAccountId, string GcpProject, string GcpRegion, string Host, string ImageTag)
{
    public const string Project = "ecommerce";

    public string Prefix => $"{Project}-{Environment}";

    /// <summary>The Kubernetes namespace on both clusters.</summary>
    public string Namespace => Prefix;

    public string EcrRegistry => $"{AwsAccountId}.dkr.ecr.{AwsRegion}.amazonaws.com";

    /// <summary>Where the GKE cluster's images live (Artifact Registry).</summary>
    public string ArtifactRegistry => $"{GcpRegion}-docker.pkg.dev/{GcpProject}/{Project}";

    public string RoleArn(string workload) => $"arn:aws:iam::{AwsAccountId}:role/{Prefix}-{workload}";

    public static CloudTarget From(IConfiguration configuration)
    {
        var section = configuration.GetSection("Publish");
        return new CloudTarget(
            section["Environment"] ?? "prod",
            section["AwsRegion"] ?? "eu-west-1",
            // AWS's documentation account: a real one is given with --aws-account (publish.sh) before applying.
            section["AwsAccountId"] ?? "123456789012",
            section["GcpProject"] ?? "ecommerce-analytics",
            section["GcpRegion"] ?? "europe-west1",
            section["Host"] ?? "shop.example.com",
            section["ImageTag"] ?? "1.0.0");
    }
}
