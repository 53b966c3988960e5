using ECommerce.AppHost.Publishing.Graph;
using ECommerce.AppHost.Publishing.Iam;
using k8s;
using k8s.Models;

namespace ECommerce.AppHost.Publishing.Kubernetes;

/// <summary>
/// <c>kubernetes/</c>: a kustomize base with one folder per service (its objects and the IAM policy its role gets),
/// an EKS overlay for the whole system and a GKE overlay for the analytics job, so that
/// <c>kubectl apply -k kubernetes/overlays/eks</c> deploys it. Secrets are referenced by name, never written
/// (<c>kubernetes/secrets.md</c> lists what to create).
/// </summary>
public static class KubernetesLayout
{
    public const string Root = "kubernetes";
    private const string Policies = "policies";

    public static void Write(PublishedGraph graph, CloudTarget target, PublishedFiles files)
    {
        var baseFolders = new List<string> { Policies };
        files.Add($"{Root}/base/{Policies}/default-deny-ingress.yaml", Yaml(NetworkPolicies.DenyAllIngress()));
        files.Add($"{Root}/base/{Policies}/kustomization.yaml", Kustomize.Kustomization(resources: ["default-deny-ingress.yaml"]));
        foreach (var service in graph.Services)
        {
            baseFolders.Add(service.Name);
            WriteService(service, target, files);
        }
        files.Add($"{Root}/base/kustomization.yaml", Kustomize.Kustomization(resources: baseFolders));
        EksOverlay.Write(graph, target, files);
        GkeOverlay.Write(graph, target, files);
        files.Add($"{Root}/secrets.md", SecretsList(graph, target));
    }

    private static void WriteService(ServiceSpec service, CloudTarget target, PublishedFiles files)
    {
        var folder = $"{Root}/base/{service.Name}";
        var objects = new List<(string File, object Object)>
        {
            ("deployment.yaml", Workloads.Deployment(service)),
            ("service.yaml", Workloads.Service(service)),
            ("serviceaccount.yaml", Workloads.ServiceAccount(service)),
            ("hpa.yaml", Autoscaling.HorizontalPodAutoscaler(service)),
            ("pdb.yaml", Autoscaling.PodDisruptionBudget(service)),
            ("networkpolicy.yaml", NetworkPolicies.For(service)),
        };
        if (service.IsPublic)
        {
            objects.Add(("ingress.yaml", Workloads.Ingress(service, target.Host)));
        }
        foreach (var (file, value) in objects)
        {
            files.Add($"{folder}/{file}", Yaml(value));
        }
        files.Add($"{folder}/kustomization.yaml", Kustomize.Kustomization(resources: objects.Select(o => o.File)));
        if (service.UsesAws)
        {
            // What the service's role may do (Terraform attaches the same statements): kept beside the ServiceAccount for review.
            files.Add($"{folder}/iam-policy.json", LeastPrivilege.Document(service.Grants, target.AwsRegion, target.AwsAccountId));
        }
    }

    public static string Yaml(object value) => KubernetesYaml.Serialize(value);

    /// <summary>The namespace, held to the restricted Pod Security Standard (every pod here meets it).</summary>
    public static V1Namespace Namespace(CloudTarget target) => new()
    {
        ApiVersion = "v1",
        Kind = "Namespace",
        Metadata = new V1ObjectMeta
        {
            Name = target.Namespace,
            Labels = new Dictionary<string, string>
            {
                ["pod-security.kubernetes.io/enforce"] = "restricted",
                ["app.kubernetes.io/part-of"] = CloudTarget.Project,
            },
        },
    };

    public static Dictionary<string, string> Settings(CloudTarget target, string otlpEndpoint) => new()
    {
        [DeploymentSetting.AwsRegion.Key] = target.AwsRegion,
        [DeploymentSetting.OtlpEndpoint.Key] = otlpEndpoint,
        ["OTEL_RESOURCE_ATTRIBUTES"] = $"deployment.environment={target.Environment}",
        [DeploymentSetting.TraceSampler.Key] = DeploymentSetting.DefaultTraceSampler,
        [DeploymentSetting.TraceSampleRatio.Key] = DeploymentSetting.DefaultTraceSampleRatio,
    };


    private static string SecretsList(PublishedGraph graph, CloudTarget target)
    {
        var lines = new List<string>
        {
            "# Secrets to create before applying",
            "",
            $"The manifests read these Secrets in namespace `{target.Namespace}` and never hold their values. Create them with",
            "`kubectl create secret generic NAME --from-literal=KEY=…` (or an External Secrets store) before `kubectl apply -k`.",
            "",
            "| Secret | key | holds | read by |",
            "|---|---|---|---|",
        };
        lines.AddRange(graph.Secrets.Select(s => $"| `{s.Secret.Name}` | `{s.Secret.Key}` | the {s.Secret.Source} | {string.Join(", ", s.ReadBy)} |"));
        return string.Join("\n", lines);
    }
}
