using ECommerce.AppHost.Publishing.Graph;
using k8s.Models;

namespace ECommerce.AppHost.Publishing.Kubernetes;

/// <summary>
/// <c>overlays/eks</c>: the whole system on EKS. Images from ECR, each ServiceAccount bound to its IAM role (IAM Roles
/// for Service Accounts: the role trusts the cluster's OIDC provider for exactly that account), the gateway behind an
/// internet-facing Application Load Balancer (AWS Load Balancer Controller), the deployment's settings as a ConfigMap.
/// </summary>
public static class EksOverlay
{
    public const string Folder = $"{KubernetesLayout.Root}/overlays/eks";

    public static void Write(PublishedGraph graph, CloudTarget target, PublishedFiles files)
    {
        var patches = new List<string>();
        foreach (var service in graph.Services.Where(s => s.UsesAws))
        {
            var file = $"patches/{service.Name}-serviceaccount.yaml";
            patches.Add(file);
            files.Add($"{Folder}/{file}", KubernetesLayout.Yaml(new V1ServiceAccount
            {
                ApiVersion = "v1",
                Kind = "ServiceAccount",
                Metadata = new V1ObjectMeta
                {
                    Name = service.Name,
                    Annotations = new Dictionary<string, string> { ["eks.amazonaws.com/role-arn"] = target.RoleArn(service.Name) },
                },
            }));
        }
        foreach (var service in graph.Services.Where(s => s.IsPublic))
        {
            var file = $"patches/{service.Name}-ingress.yaml";
            patches.Add(file);
            files.Add($"{Folder}/{file}", KubernetesLayout.Yaml(new V1Ingress
            {
                ApiVersion = "networking.k8s.io/v1",
                Kind = "Ingress",
                Metadata = new V1ObjectMeta
                {
                    Name = service.Name,
                    Annotations = new Dictionary<string, string>
                    {
                        ["alb.ingress.kubernetes.io/scheme"] = "internet-facing",
                        // Straight to the pods: the gateway's rate limits see each client (the ALB's X-Forwarded-For).
                        ["alb.ingress.kubernetes.io/target-type"] = "ip",
                        ["alb.ingress.kubernetes.io/healthcheck-path"] = "/alive",
                        ["alb.ingress.kubernetes.io/listen-ports"] = "[{\"HTTPS\":443}]",
                        ["alb.ingress.kubernetes.io/ssl-redirect"] = "443",
                    },
                },
                Spec = new V1IngressSpec { IngressClassName = "alb" },
            }));
        }
        files.Add($"{Folder}/namespace.yaml", KubernetesLayout.Yaml(KubernetesLayout.Namespace(target)));
        files.Add($"{Folder}/kustomization.yaml", Kustomize.Kustomization(
            resources: ["namespace.yaml", "../../base"],
            @namespace: target.Namespace,
            settings: KubernetesLayout.Settings(target, otlpEndpoint: "http://otel-collector.monitoring:4317"),
            images: graph.Services.Select(s => ($"{CloudTarget.Project}/{s.Name}", $"{target.EcrRegistry}/{CloudTarget.Project}/{s.Name}", target.ImageTag)),
            patches: patches));
    }
}
