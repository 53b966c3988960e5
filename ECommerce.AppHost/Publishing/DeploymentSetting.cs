namespace ECommerce.AppHost.Publishing;

/// <summary>
/// A value that only the deployment knows (its region, its telemetry collector): in published manifests it is read
/// from the environment's settings (a ConfigMap the overlay generates), never written into a resource's own files.
/// </summary>
public sealed record DeploymentSetting(string Key) : IManifestExpressionProvider
{
    public static readonly DeploymentSetting AwsRegion = new("AWS_REGION");
    public static readonly DeploymentSetting OtlpEndpoint = new("OTEL_EXPORTER_OTLP_ENDPOINT");
    public static readonly DeploymentSetting Environment = new("DEPLOYMENT_ENVIRONMENT");

    /// <summary>
    /// Which traces are kept: the gateway decides for each request (a share of them, <see cref="TraceSampleRatio"/>,
    /// by trace id, whatever a client's own trace context asks for: <see cref="EdgeTraceSampler"/>) and every service and
    /// function behind it follows that decision (<see cref="DefaultTraceSampler"/>), so a trace is whole or absent.
    /// Locally, everything is traced.
    /// </summary>
    public static readonly DeploymentSetting TraceSampler = new("OTEL_TRACES_SAMPLER");
    public static readonly DeploymentSetting TraceSampleRatio = new("OTEL_TRACES_SAMPLER_ARG");

    /// <summary>What the published environments start with: tracing every request costs the gateway about a fifth of its throughput (eng/bench-gateway.sh).</summary>
    public const string DefaultTraceSampler = "parentbased_traceidratio";
    public const string EdgeTraceSampler = "traceidratio";
    public const string DefaultTraceSampleRatio = "0.1";

    public string ValueExpression => $"{{deployment.settings.{Key}}}";
}
