using ECommerce.AppHost.Hosting;
using ECommerce.AppHost.Resources.Projects;

namespace ECommerce.AppHost.Resources.Parameters;

public static class ParameterBuilderExtensions
{
    /// <summary>A parameter from configuration <c>Parameters:{name}</c>, else <paramref name="defaultValue"/>.</summary>
    public static IResourceBuilder<ParameterResource> AddParameter(this DistributedApplicationBuilder builder, string name, string defaultValue) =>
        builder.AddResource(new ParameterResource(name, secret: false, defaultValue));

    /// <summary>A secret from configuration <c>Parameters:{name}</c>, else generated once (256 random bits) and kept.</summary>
    public static IResourceBuilder<ParameterResource> AddGeneratedSecret(this DistributedApplicationBuilder builder, string name) =>
        builder.AddResource(new ParameterResource(name, secret: true, defaultValue: null));

    public static IResourceBuilder<ProjectResource> WithEnvironment(this IResourceBuilder<ProjectResource> project, string name,
        IResourceBuilder<ParameterResource> parameter)
    {
        project.Resource.ParameterEnvironment[name] = parameter.Resource;
        return project.WaitFor(parameter);
    }
}
