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

    public string ValueExpression => $"{{deployment.settings.{Key}}}";
}
