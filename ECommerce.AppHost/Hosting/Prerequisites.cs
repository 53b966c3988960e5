namespace ECommerce.AppHost.Hosting;

/// <summary>Something a resource needs on the machine, and the command that installs it.</summary>
public sealed record Prerequisite(string What, Func<bool> IsPresent, string InstallCommand);

/// <summary>A resource that can say what it needs before anything starts.</summary>
public interface IResourceWithPrerequisites
{
    IEnumerable<Prerequisite> GetPrerequisites(AppHostOptions options);
}

public static class Prerequisites
{
    /// <summary>Fails with one line per missing prerequisite, each naming it and its install command.</summary>
    public static void Check(IEnumerable<Resource> resources, AppHostOptions options)
    {
        var missing = resources.OfType<IResourceWithPrerequisites>()
            .SelectMany(r => r.GetPrerequisites(options).Select(p => (Resource: (Resource)r, Prerequisite: p)))
            .Where(x => !x.Prerequisite.IsPresent())
            .Select(x => $"{x.Resource.Name} needs {x.Prerequisite.What}: run `{x.Prerequisite.InstallCommand}`")
            .Distinct()
            .ToArray();
        if (missing.Length > 0)
        {
            throw new ResourceStartException(string.Join("\n", missing) + "\n(the README's run and test commands install all of these)");
        }
    }

    public static bool OnPath(string command) =>
        (Environment.GetEnvironmentVariable("PATH") ?? "").Split(':', StringSplitOptions.RemoveEmptyEntries)
            .Any(dir => File.Exists(Path.Combine(dir, command)));
}
