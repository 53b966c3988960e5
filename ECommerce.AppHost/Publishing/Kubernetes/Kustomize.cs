
namespace ECommerce.AppHost.Publishing.Kubernetes;

/// <summary>kustomization.yaml files (kustomize's own format, not a Kubernetes object).</summary>
public static class Kustomize
{

    public static string Kustomization(IEnumerable<string> resources, string? @namespace = null,
        IReadOnlyDictionary<string, string>? settings = null, IEnumerable<(string Name, string NewName, string Tag)>? images = null,
        IEnumerable<string>? patches = null)
    {
        var document = new Dictionary<string, object>
        {
            ["apiVersion"] = "kustomize.config.k8s.io/v1beta1",
            ["kind"] = "Kustomization",
        };
        if (@namespace is not null)
        {
            document["namespace"] = @namespace;
        }
        document["resources"] = resources.ToList();
        if (settings is not null)
        {
            document["configMapGenerator"] = new List<object>
            {
                new Dictionary<string, object>
                {
                    ["name"] = Workloads.SettingsConfigMap,
                    ["literals"] = settings.OrderBy(s => s.Key, StringComparer.Ordinal).Select(s => $"{s.Key}={s.Value}").ToList(),
                },
            };
        }
        if (images is not null)
        {
            document["images"] = images.Select(i => new Dictionary<string, string> { ["name"] = i.Name, ["newName"] = i.NewName, ["newTag"] = i.Tag })
                .ToList();
        }
        if (patches is not null)
        {
            document["patches"] = patches.Select(p => new Dictionary<string, string> { ["path"] = p }).ToList();
        }
        return YamlFiles.Serializer.Serialize(document);
    }
}
