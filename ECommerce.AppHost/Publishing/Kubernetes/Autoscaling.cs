using ECommerce.AppHost.Publishing.Graph;
using k8s.Models;

namespace ECommerce.AppHost.Publishing.Kubernetes;

/// <summary>Two pods at least (one may be drained at a time), more under CPU load.</summary>
public static class Autoscaling
{
    public const int MinReplicas = 2;
    public const int MaxReplicas = 6;

    public static V2HorizontalPodAutoscaler HorizontalPodAutoscaler(ServiceSpec service) => new()
    {
        ApiVersion = "autoscaling/v2",
        Kind = "HorizontalPodAutoscaler",
        Metadata = new V1ObjectMeta { Name = service.Name, Labels = Workloads.Labels(service.Name) },
        Spec = new V2HorizontalPodAutoscalerSpec
        {
            ScaleTargetRef = new V2CrossVersionObjectReference { ApiVersion = "apps/v1", Kind = "Deployment", Name = service.Name },
            MinReplicas = MinReplicas,
            MaxReplicas = MaxReplicas,
            Metrics =
            [
                new V2MetricSpec
                {
                    Type = "Resource",
                    Resource = new V2ResourceMetricSource
                    {
                        Name = "cpu",
                        Target = new V2MetricTarget { Type = "Utilization", AverageUtilization = 70 },
                    },
                },
            ],
        },
    };

    public static V1PodDisruptionBudget PodDisruptionBudget(ServiceSpec service) => new()
    {
        ApiVersion = "policy/v1",
        Kind = "PodDisruptionBudget",
        Metadata = new V1ObjectMeta { Name = service.Name, Labels = Workloads.Labels(service.Name) },
        Spec = new V1PodDisruptionBudgetSpec
        {
            MaxUnavailable = 1,
            Selector = new V1LabelSelector { MatchLabels = new Dictionary<string, string> { [Workloads.NameLabel] = service.Name } },
        },
    };
}
