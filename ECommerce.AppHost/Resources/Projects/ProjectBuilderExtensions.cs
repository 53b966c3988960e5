using ECommerce.AppHost.Hosting;

namespace ECommerce.AppHost.Resources.Projects;

/// <summary>A resource that runs code of ours and takes environment: a service, a function.</summary>
public interface IResourceWithEnvironment
{
    /// <summary>Resources whose connection environment it receives.</summary>
    List<Resource> References { get; }

    Dictionary<string, string> Environment { get; }
}

public static class ProjectBuilderExtensions
{
    /// <param name="projectPath">The project file, relative to the repository root.</param>
    /// <param name="port">The stable port for a person; 0 picks a free one.</param>
    public static IResourceBuilder<ProjectResource> AddProject(this DistributedApplicationBuilder builder, string name, string projectPath, int port = 0) =>
        builder.AddResource(new ProjectResource(name, projectPath) { DefaultPort = port });

    /// <summary>
    /// Hands the project (or function) what it needs to reach <paramref name="source"/> (a connection string, an
    /// endpoint, a discovery entry), and starts it only once the source is ready.
    /// </summary>
    public static IResourceBuilder<T> WithReference<T>(this IResourceBuilder<T> project, IResourceBuilder<Resource> source)
        where T : Resource, IResourceWithEnvironment
    {
        project.Resource.References.Add(source.Resource);
        return project.WaitFor(source);
    }

    public static IResourceBuilder<T> WithEnvironment<T>(this IResourceBuilder<T> project, string name, string value)
        where T : Resource, IResourceWithEnvironment
    {
        project.Resource.Environment[name] = value;
        return project;
    }
}
