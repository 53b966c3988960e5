using ECommerce.AppHost.Hosting;

namespace ECommerce.AppHost.Resources.Projects;

public static class ProjectBuilderExtensions
{
    /// <param name="projectPath">The project file, relative to the repository root.</param>
    /// <param name="port">The stable port for a person; 0 picks a free one.</param>
    public static IResourceBuilder<ProjectResource> AddProject(this DistributedApplicationBuilder builder, string name, string projectPath, int port = 0) =>
        builder.AddResource(new ProjectResource(name, projectPath) { DefaultPort = port });

    /// <summary>
    /// Hands the project what it needs to reach <paramref name="source"/> (a connection string, an endpoint, a
    /// discovery entry), and starts the project only once the source is ready.
    /// </summary>
    public static IResourceBuilder<ProjectResource> WithReference(this IResourceBuilder<ProjectResource> project, IResourceBuilder<Resource> source)
    {
        project.Resource.References.Add(source.Resource);
        return project.WaitFor(source);
    }

    public static IResourceBuilder<ProjectResource> WithEnvironment(this IResourceBuilder<ProjectResource> project, string name, string value)
    {
        project.Resource.Environment[name] = value;
        return project;
    }
}
