using ECommerce.AppHost.Publishing.Graph;
using k8s.Models;

namespace ECommerce.AppHost.Publishing.Kubernetes;

/// <summary>
/// Nothing reaches a pod unless the model says it may: the public service from anywhere (the load balancer), every
/// other service's API only from the services that reference it (the gateway for public routes, the callers of its
/// <c>/internal</c> routes), and the management port only from the monitoring namespace (Prometheus).
/// </summary>
public static class NetworkPolicies
{
    public const string MonitoringNamespace = "monitoring";

    public static V1NetworkPolicy DenyAllIngress() => new()
    {
        ApiVersion = "networking.k8s.io/v1",
        Kind = "NetworkPolicy",
        Metadata = new V1ObjectMeta { Name = "default-deny-ingress" },
        Spec = new V1NetworkPolicySpec { PodSelector = new V1LabelSelector(), PolicyTypes = ["Ingress"] },
    };

    public static V1NetworkPolicy For(ServiceSpec service)
    {
        var api = new V1NetworkPolicyIngressRule { Ports = [new V1NetworkPolicyPort { Port = "http", Protocol = "TCP" }] };
        if (!service.IsPublic)
        {
            api.FromProperty = [.. service.Callers.Select(caller => new V1NetworkPolicyPeer
            {
                PodSelector = new V1LabelSelector { MatchLabels = new Dictionary<string, string> { [Workloads.NameLabel] = caller } },
            })];
        }
        var management = new V1NetworkPolicyIngressRule
        {
            Ports = [new V1NetworkPolicyPort { Port = ServiceExtensions.ManagementEndpoint, Protocol = "TCP" }],
            FromProperty =
            [
                new V1NetworkPolicyPeer
                {
                    NamespaceSelector = new V1LabelSelector
                    {
                        MatchLabels = new Dictionary<string, string> { ["kubernetes.io/metadata.name"] = MonitoringNamespace },
                    },
                },
            ],
        };
        return new V1NetworkPolicy
        {
            ApiVersion = "networking.k8s.io/v1",
            Kind = "NetworkPolicy",
            Metadata = new V1ObjectMeta { Name = service.Name, Labels = Workloads.Labels(service.Name) },
            Spec = new V1NetworkPolicySpec
            {
                PodSelector = new V1LabelSelector { MatchLabels = new Dictionary<string, string> { [Workloads.NameLabel] = service.Name } },
                PolicyTypes = ["Ingress"],
                // A service nobody calls (a stream job) admits no API traffic at all.
                Ingress = service.IsPublic || service.Callers.Count > 0 ? [api, management] : [management],
            },
        };
    }
}
