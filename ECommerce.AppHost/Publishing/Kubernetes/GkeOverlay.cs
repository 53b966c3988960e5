using ECommerce.AppHost.Publishing.Graph;
using k8s.Models;

namespace ECommerce.AppHost.Publishing.Kubernetes;

/// <summary>
/// <c>overlays/gke</c>: the services published for GKE too (the analytics job), with their images from Artifact
/// Registry. Their data stays in AWS: the pod presents its Kubernetes token (audience <c>sts.amazonaws.com</c>) to
/// AWS STS, which trusts the GKE cluster's OIDC issuer (Terraform's <c>aws_iam_openid_connect_provider.gke</c>) for the
/// same least-privilege role as on EKS. No AWS key exists anywhere.
/// </summary>
public static class GkeOverlay
{
    public const string Folder = $"{KubernetesLayout.Root}/overlays/gke";
    private const string TokenPath = "/var/run/secrets/aws";

    public static void Write(PublishedGraph graph, CloudTarget target, PublishedFiles files)
    {
        var services = graph.Services.Where(s => s.AlsoOnGke).ToList();
        if (services.Count == 0)
        {
            return;
        }
        var patches = new List<string>();
        foreach (var service in services.Where(s => s.UsesAws))
        {
            var file = $"patches/{service.Name}-aws-identity.yaml";
            patches.Add(file);
            files.Add($"{Folder}/{file}", KubernetesLayout.Yaml(AwsIdentity(service, target)));
        }
        files.Add($"{Folder}/namespace.yaml", KubernetesLayout.Yaml(KubernetesLayout.Namespace(target)));
        files.Add($"{Folder}/kustomization.yaml", Kustomize.Kustomization(
            resources: ["namespace.yaml", "../../base/policies", .. services.Select(s => $"../../base/{s.Name}")],
            @namespace: target.Namespace,
            settings: KubernetesLayout.Settings(target, otlpEndpoint: "http://opentelemetry-collector.monitoring:4317"),
            images: services.Select(s => ($"{CloudTarget.Project}/{s.Name}", $"{target.ArtifactRegistry}/{s.Name}", target.ImageTag)),
            patches: patches));
    }

    /// <summary>AWS's web-identity variables and the projected token the SDK reads them from.</summary>
    private static V1Deployment AwsIdentity(ServiceSpec service, CloudTarget target) => new()
    {
        ApiVersion = "apps/v1",
        Kind = "Deployment",
        Metadata = new V1ObjectMeta { Name = service.Name },
        Spec = new V1DeploymentSpec
        {
            Template = new V1PodTemplateSpec
            {
                Spec = new V1PodSpec
                {
                    Containers =
                    [
                        new V1Container
                        {
                            Name = service.Name,
                            Env =
                            [
                                new V1EnvVar { Name = "AWS_ROLE_ARN", Value = target.RoleArn($"{service.Name}-gke") },
                                new V1EnvVar { Name = "AWS_WEB_IDENTITY_TOKEN_FILE", Value = $"{TokenPath}/token" },
                            ],
                            VolumeMounts = [new V1VolumeMount { Name = "aws-token", MountPath = TokenPath, ReadOnlyProperty = true }],
                        },
                    ],
                    Volumes =
                    [
                        new V1Volume
                        {
                            Name = "aws-token",
                            Projected = new V1ProjectedVolumeSource
                            {
                                Sources =
                                [
                                    new V1VolumeProjection
                                    {
                                        ServiceAccountToken = new V1ServiceAccountTokenProjection
                                        {
                                            Audience = "sts.amazonaws.com",
                                            ExpirationSeconds = 3600,
                                            Path = "token",
                                        },
                                    },
                                ],
                            },
                        },
                    ],
                },
            },
        },
    };
}
