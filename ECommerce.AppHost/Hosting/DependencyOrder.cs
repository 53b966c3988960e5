namespace ECommerce.AppHost.Hosting;

/// <summary>Orders resources so that each comes after everything it waits for.</summary>
public static class DependencyOrder
{
    public static void Validate(IReadOnlyList<Resource> resources)
    {
        foreach (var dependency in resources.SelectMany(r => r.Dependencies.Select(d => (r, d))))
        {
            if (!resources.Contains(dependency.d))
            {
                throw new InvalidOperationException($"{dependency.r} waits for {dependency.d}, which is not in the graph.");
            }
        }
        _ = Sort(resources);
    }

    public static IReadOnlyList<Resource> Sort(IReadOnlyList<Resource> resources)
    {
        var sorted = new List<Resource>();
        var visiting = new HashSet<Resource>();
        var done = new HashSet<Resource>();
        foreach (var resource in resources)
        {
            Visit(resource, []);
        }
        return sorted;

        void Visit(Resource resource, List<Resource> path)
        {
            if (done.Contains(resource))
            {
                return;
            }
            if (!visiting.Add(resource))
            {
                var cycle = path.SkipWhile(r => r != resource).Append(resource).Select(r => r.Name);
                throw new InvalidOperationException($"The graph has a cycle: {string.Join(" → ", cycle)}.");
            }
            path.Add(resource);
            foreach (var dependency in resource.Dependencies)
            {
                Visit(dependency, path);
            }
            path.RemoveAt(path.Count - 1);
            visiting.Remove(resource);
            done.Add(resource);
            sorted.Add(resource);
        }
    }
}
