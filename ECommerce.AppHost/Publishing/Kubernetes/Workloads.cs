using ECommerce.ServiceDefaults;
using ECommerce.AppHost.Publishing.Graph;
using k8s.Models;

namespace ECommerce.AppHost.Publishing.Kubernetes;

/// <summary>
/// A service's Kubernetes objects: Deployment, Service, ServiceAccount, HorizontalPodAutoscaler, PodDisruptionBudget
/// (and the gateway's Ingress). Cloud-specific details (role annotations, images, the load balancer's class) are
/// left to the overlays.
/// </summary>
public static class Workloads
{
    public const string NameLabel = "app.kubernetes.io/name";
    public const string SettingsConfigMap = "deployment-settings";

    /// <summary>The .NET container images' unprivileged user.</summary>
    private const long AppUser = 1654;

    public static Dictionary<string, string> Labels(string name) => new()
    {
        [NameLabel] = name,
        ["app.kubernetes.io/part-of"] = CloudTarget.Project,
    };

    private static V1ObjectMeta Meta(string name) => new() { Name = name, Labels = Labels(name) };

    public static V1Deployment Deployment(ServiceSpec service) => new()
    {
        ApiVersion = "apps/v1",
        Kind = "Deployment",
        Metadata = Meta(service.Name),
        Spec = new V1DeploymentSpec
        {
            Replicas = Autoscaling.MinReplicas,
            Selector = new V1LabelSelector { MatchLabels = new Dictionary<string, string> { [NameLabel] = service.Name } },
            Strategy = new V1DeploymentStrategy
            {
                Type = "RollingUpdate",
                RollingUpdate = new V1RollingUpdateDeployment { MaxUnavailable = 0, MaxSurge = 1 },
            },
            Template = new V1PodTemplateSpec
            {
                Metadata = new V1ObjectMeta { Labels = Labels(service.Name) },
                Spec = new V1PodSpec
                {
                    ServiceAccountName = service.Name,
                    // Enough for in-flight requests after the pod leaves the Service's endpoints (preStop below).
                    TerminationGracePeriodSeconds = 30,
                    SecurityContext = new V1PodSecurityContext
                    {
                        RunAsNonRoot = true,
                        RunAsUser = AppUser,
                        RunAsGroup = AppUser,
                        FsGroup = AppUser,
                        SeccompProfile = new V1SeccompProfile { Type = "RuntimeDefault" },
                    },
                    TopologySpreadConstraints =
                    [
                        new V1TopologySpreadConstraint
                        {
                            MaxSkew = 1,
                            TopologyKey = "topology.kubernetes.io/zone",
                            WhenUnsatisfiable = "ScheduleAnyway",
                            LabelSelector = new V1LabelSelector { MatchLabels = new Dictionary<string, string> { [NameLabel] = service.Name } },
                        },
                    ],
                    Containers = [Container(service)],
                    // The root filesystem is read-only: .NET and the services write temporary files here only.
                    Volumes = [new V1Volume { Name = "tmp", EmptyDir = new V1EmptyDirVolumeSource { SizeLimit = new ResourceQuantity("256Mi") } }],
                },
            },
        },
    };

    private static V1Container Container(ServiceSpec service) => new()
    {
        Name = service.Name,
        Image = $"{CloudTarget.Project}/{service.Name}",
        Ports =
        [
            new V1ContainerPort { Name = "http", ContainerPort = Ports.Http },
            new V1ContainerPort { Name = ServiceExtensions.ManagementEndpoint, ContainerPort = Ports.Management },
        ],
        Env = [.. Environment(service)],
        Resources = new V1ResourceRequirements
        {
            Requests = new Dictionary<string, ResourceQuantity> { ["cpu"] = new("250m"), ["memory"] = new("256Mi") },
            Limits = new Dictionary<string, ResourceQuantity> { ["cpu"] = new("1"), ["memory"] = new("512Mi") },
        },
        // Slow first starts (migrations, a stream job restoring its stores) must not count against liveness.
        StartupProbe = Probe("/alive", periodSeconds: 2, failureThreshold: 60),
        LivenessProbe = Probe("/alive", periodSeconds: 10, failureThreshold: 3),
        // Ready means its dependencies answer (the health report), so no traffic reaches a pod that cannot serve it.
        ReadinessProbe = Probe("/health", periodSeconds: 5, failureThreshold: 2),
        Lifecycle = new V1Lifecycle
        {
            // The load balancer and the other pods learn of the pod's removal a moment after it is told to stop.
            PreStop = new V1LifecycleHandler { Sleep = new V1SleepAction { Seconds = 5 } },
        },
        SecurityContext = new V1SecurityContext
        {
            AllowPrivilegeEscalation = false,
            ReadOnlyRootFilesystem = true,
            Capabilities = new V1Capabilities { Drop = ["ALL"] },
        },
        VolumeMounts = [new V1VolumeMount { Name = "tmp", MountPath = "/tmp" }],
    };

    private static V1Probe Probe(string path, int periodSeconds, int failureThreshold) => new()
    {
        HttpGet = new V1HTTPGetAction { Path = path, Port = ServiceExtensions.ManagementEndpoint },
        PeriodSeconds = periodSeconds,
        FailureThreshold = failureThreshold,
        TimeoutSeconds = 2,
    };

    private static IEnumerable<V1EnvVar> Environment(ServiceSpec service)
    {
        foreach (var variable in service.Environment)
        {
            yield return EnvVar(variable.Name, variable.Value);
        }
        if (service.ExportsTelemetry)
        {
            yield return EnvVar("OTEL_SERVICE_NAME", new Literal(service.Name));
            yield return EnvVar("OTEL_EXPORTER_OTLP_ENDPOINT", new SettingRef(DeploymentSetting.OtlpEndpoint.Key));
            yield return EnvVar("OTEL_RESOURCE_ATTRIBUTES", new SettingRef("OTEL_RESOURCE_ATTRIBUTES"));
            // The edge decides by itself; a client's traceparent must not switch tracing on for its requests.
            yield return EnvVar(DeploymentSetting.TraceSampler.Key, service.Name == ResourceNames.Gateway
                ? new Literal(DeploymentSetting.EdgeTraceSampler)
                : new SettingRef(DeploymentSetting.TraceSampler.Key));
            yield return EnvVar(DeploymentSetting.TraceSampleRatio.Key, new SettingRef(DeploymentSetting.TraceSampleRatio.Key));
        }
    }

    public static V1EnvVar EnvVar(string name, EnvValue value) => value switch
    {
        Literal literal => new V1EnvVar { Name = name, Value = literal.Value },
        SecretRef secret => new V1EnvVar
        {
            Name = name,
            ValueFrom = new V1EnvVarSource { SecretKeyRef = new V1SecretKeySelector { Name = secret.Name, Key = secret.Key, Optional = false } },
        },
        SettingRef setting => new V1EnvVar
        {
            Name = name,
            ValueFrom = new V1EnvVarSource { ConfigMapKeyRef = new V1ConfigMapKeySelector { Name = SettingsConfigMap, Key = setting.Key, Optional = false } },
        },
        _ => throw new ArgumentOutOfRangeException(nameof(value)),
    };

    public static V1Service Service(ServiceSpec service) => new()
    {
        ApiVersion = "v1",
        Kind = "Service",
        Metadata = Meta(service.Name),
        Spec = new V1ServiceSpec
        {
            Type = "ClusterIP",
            Selector = new Dictionary<string, string> { [NameLabel] = service.Name },
            Ports =
            [
                new V1ServicePort { Name = "http", Port = Ports.ServiceHttp, TargetPort = "http" },
                new V1ServicePort { Name = ServiceExtensions.ManagementEndpoint, Port = Ports.Management, TargetPort = ServiceExtensions.ManagementEndpoint },
            ],
        },
    };

    /// <summary>Its identity: AWS roles attach to it in the overlays; it may not call the Kubernetes API.</summary>
    public static V1ServiceAccount ServiceAccount(ServiceSpec service) => new()
    {
        ApiVersion = "v1",
        Kind = "ServiceAccount",
        Metadata = Meta(service.Name),
        AutomountServiceAccountToken = false,
    };

    public static V1Ingress Ingress(ServiceSpec service, string host) => new()
    {
        ApiVersion = "networking.k8s.io/v1",
        Kind = "Ingress",
        Metadata = Meta(service.Name),
        Spec = new V1IngressSpec
        {
            Rules =
            [
                new V1IngressRule
                {
                    Host = host,
                    Http = new V1HTTPIngressRuleValue
                    {
                        Paths =
                        [
                            new V1HTTPIngressPath
                            {
                                Path = "/",
                                PathType = "Prefix",
                                Backend = new V1IngressBackend
                                {
                                    Service = new V1IngressServiceBackend { Name = service.Name, Port = new V1ServiceBackendPort { Name = "http" } },
                                },
                            },
                        ],
                    },
                },
            ],
        },
    };
}
