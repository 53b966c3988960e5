using k8s;
using k8s.Models;

namespace ECommerce.Tests.Publishing;

/// <summary>The Kubernetes files: every object strictly of its API type (no field Kubernetes does not know), and both overlays rendered by kustomize.</summary>
public sealed class KubernetesManifestTests(PublishFixture published) : IClassFixture<PublishFixture>
{
    private static readonly string[] Services = ["analytics", "documents", "gateway", "orders", "payments", "products", "users"];

    [Fact]
    public void EveryManifestIsStrictlyAKubernetesObject()
    {
        var manifests = PublishedOutput.RelativeFiles(published.PathOf("kubernetes"))
            .Where(f => f.EndsWith(".yaml", StringComparison.Ordinal) && Path.GetFileName(f) != "kustomization.yaml").ToList();
        Assert.NotEmpty(manifests);
        foreach (var manifest in manifests)
        {
            var objects = KubernetesYaml.LoadAllFromString(File.ReadAllText(published.PathOf(Path.Combine("kubernetes", manifest))), strict: true);
            Assert.Single(objects);
        }
    }

    [Fact]
    public void AFieldKubernetesDoesNotKnowIsRefused()
    {
        var deployment = File.ReadAllText(published.PathOf("kubernetes/base/orders/deployment.yaml"))
            .Replace("        readOnlyRootFilesystem: true", "        readOnlyRootFileSystem: true");
        Assert.ThrowsAny<Exception>(() => KubernetesYaml.LoadAllFromString(deployment, strict: true));
    }

    [Fact]
    public async Task TheEksOverlayRendersEveryServiceWithItsRoleSettingsAndSecrets()
    {
        var objects = await RenderAsync(published.PathOf("kubernetes/overlays/eks"));
        var deployments = objects.OfType<V1Deployment>().ToList();
        Assert.Equal(Services, deployments.Select(d => d.Metadata.Name).Order());
        Assert.All(deployments, d => Assert.Equal("ecommerce-prod", d.Metadata.NamespaceProperty));

        var accounts = objects.OfType<V1ServiceAccount>().ToDictionary(a => a.Metadata.Name);
        var settings = objects.OfType<V1ConfigMap>().Single();
        var secrets = File.ReadAllText(published.PathOf("kubernetes/secrets.md"));
        foreach (var deployment in deployments)
        {
            var pod = deployment.Spec.Template.Spec;
            var account = accounts[pod.ServiceAccountName];
            Assert.StartsWith("arn:aws:iam::", account.Metadata.Annotations["eks.amazonaws.com/role-arn"]);
            var container = Assert.Single(pod.Containers);
            Assert.StartsWith("123456789012.dkr.ecr.eu-west-1.amazonaws.com/ecommerce/", container.Image);
            Assert.True(container.SecurityContext.ReadOnlyRootFilesystem);
            Assert.Equal("/health", container.ReadinessProbe.HttpGet.Path);
            Assert.Equal("/alive", container.LivenessProbe.HttpGet.Path);
            foreach (var variable in container.Env.Where(e => e.ValueFrom is not null))
            {
                if (variable.ValueFrom.ConfigMapKeyRef is { } setting)
                {
                    Assert.Equal(settings.Metadata.Name, setting.Name);
                    Assert.Contains(setting.Key, settings.Data.Keys);
                }
                else
                {
                    Assert.Contains($"| `{variable.ValueFrom.SecretKeyRef.Name}` | `{variable.ValueFrom.SecretKeyRef.Key}` |", secrets);
                }
            }
            // Traces are sampled at the gateway, whatever a client's trace context says, and followed behind it.
            var sampler = Assert.Single(container.Env, e => e.Name == "OTEL_TRACES_SAMPLER");
            if (deployment.Metadata.Name == "gateway")
            {
                Assert.Equal("traceidratio", sampler.Value);
            }
            else
            {
                Assert.Equal("OTEL_TRACES_SAMPLER", sampler.ValueFrom.ConfigMapKeyRef.Key);
            }
            Assert.Equal("OTEL_TRACES_SAMPLER_ARG", Assert.Single(container.Env, e => e.Name == "OTEL_TRACES_SAMPLER_ARG").ValueFrom.ConfigMapKeyRef.Key);
            // No value of a secret in any file: every secret-looking variable comes from a Secret.
            Assert.DoesNotContain(container.Env, e => e.Name is "Jwt__SigningKey" or "ConnectionStrings__ecommerce" && e.Value is not null);
        }
        Assert.Equal("parentbased_traceidratio", settings.Data["OTEL_TRACES_SAMPLER"]);
        Assert.InRange(double.Parse(settings.Data["OTEL_TRACES_SAMPLER_ARG"], System.Globalization.CultureInfo.InvariantCulture), 0.001, 1);
        Assert.Single(objects.OfType<V1Ingress>(), i => i.Spec.IngressClassName == "alb");
        Assert.Equal(Services.Length, objects.OfType<V2HorizontalPodAutoscaler>().Count());
        Assert.Equal(Services.Length, objects.OfType<V1PodDisruptionBudget>().Count());
    }

    [Fact]
    public async Task OnlyTheGatewayAndTheCallersOfAServiceReachIt()
    {
        var policies = (await RenderAsync(published.PathOf("kubernetes/overlays/eks"))).OfType<V1NetworkPolicy>().ToDictionary(p => p.Metadata.Name);
        Assert.Empty(policies["default-deny-ingress"].Spec.PodSelector.MatchLabels ?? new Dictionary<string, string>());
        string[] Callers(string service) => policies[service].Spec.Ingress[0].FromProperty
            .Select(peer => peer.PodSelector.MatchLabels["app.kubernetes.io/name"]).Order().ToArray();
        Assert.Equal(["gateway", "orders"], Callers("users"));
        Assert.Equal(["gateway", "orders"], Callers("products"));
        Assert.Equal(["gateway", "payments"], Callers("orders"));
        Assert.Equal(["gateway"], Callers("payments"));
        // The gateway takes anyone's requests; analytics and documents, which nothing calls, only Prometheus's.
        Assert.Null(policies["gateway"].Spec.Ingress[0].FromProperty);
        Assert.Single(policies["analytics"].Spec.Ingress);
        Assert.Single(policies["documents"].Spec.Ingress);
    }

    [Fact]
    public async Task TheGkeOverlayRunsAnalyticsWithAWebIdentityForAws()
    {
        var objects = await RenderAsync(published.PathOf("kubernetes/overlays/gke"));
        var deployment = Assert.Single(objects.OfType<V1Deployment>());
        Assert.Equal("analytics", deployment.Metadata.Name);
        var container = Assert.Single(deployment.Spec.Template.Spec.Containers);
        Assert.Contains(container.Env, e => e.Name == "AWS_ROLE_ARN" && e.Value.EndsWith(":role/ecommerce-prod-analytics-gke", StringComparison.Ordinal));
        Assert.Contains(deployment.Spec.Template.Spec.Volumes, v => v.Projected?.Sources.Single().ServiceAccountToken.Audience == "sts.amazonaws.com");
        Assert.StartsWith("europe-west1-docker.pkg.dev/", container.Image);
    }

    [Fact]
    public async Task KustomizeRefusesAnOverlayThatNamesAMissingFile()
    {
        var broken = published.CopyOf("kubernetes");
        File.Delete(Path.Combine(broken, "base/orders/hpa.yaml"));
        var result = await ToolRun.RunAsync(Kubectl(), ["kustomize", Path.Combine(broken, "overlays/eks")]);
        Assert.NotEqual(0, result.ExitCode);
        Directory.Delete(broken, recursive: true);
    }

    private static string Kubectl() => ToolRun.Require("kubectl", "apt-get install -y kubectl (from Google's Cloud SDK repository)");

    private static async Task<List<object>> RenderAsync(string overlay)
    {
        var result = await ToolRun.RunAsync(Kubectl(), ["kustomize", overlay]);
        Assert.True(result.ExitCode == 0, result.ToString());
        return KubernetesYaml.LoadAllFromString(result.Output, strict: true).ToList();
    }
}
