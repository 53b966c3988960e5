using Microsoft.Extensions.Configuration;

namespace ECommerce.AppHost.Hosting;

/// <summary>Collects the resources of the graph; <see cref="Build"/> turns them into a runnable application.</summary>
public sealed class DistributedApplicationBuilder
{
    private readonly List<Resource> _resources = [];

    internal DistributedApplicationBuilder(string[] args)
    {
        Args = args;
        Configuration = new ConfigurationBuilder()
            .SetBasePath(AppContext.BaseDirectory)
            .AddJsonFile("appsettings.json", optional: true)
            .AddEnvironmentVariables()
            .AddCommandLine(args)
            .Build();
    }

    public string[] Args { get; }

    public IConfigurationRoot Configuration { get; }

    public IReadOnlyList<Resource> Resources => _resources;

    public IResourceBuilder<T> AddResource<T>(T resource) where T : Resource
    {
        if (_resources.Any(r => string.Equals(r.Name, resource.Name, StringComparison.OrdinalIgnoreCase)))
        {
            throw new InvalidOperationException($"A resource named '{resource.Name}' is already in the graph.");
        }
        _resources.Add(resource);
        return new ResourceBuilder<T>(this, resource);
    }

    /// <summary>The builder of a resource already in the graph, to reference or adjust it (tests use this).</summary>
    public IResourceBuilder<T> GetResource<T>(string name) where T : Resource =>
        new ResourceBuilder<T>(this, _resources.OfType<T>().SingleOrDefault(r => r.Name == name)
            ?? throw new KeyNotFoundException($"No {typeof(T).Name} named '{name}' in the graph."));

    public DistributedApplication Build()
    {
        if (DistributedApplicationFactory.TryCapture(this))
        {
            throw new DistributedApplicationFactory.BuilderCapturedException();
        }
        return new DistributedApplication(_resources.ToList(), Configuration, AppHostOptions.From(Configuration));
    }
}

/// <summary>Fluent configuration of one resource, as in Aspire.</summary>
public interface IResourceBuilder<out T> where T : Resource
{
    DistributedApplicationBuilder ApplicationBuilder { get; }

    T Resource { get; }
}

internal sealed record ResourceBuilder<T>(DistributedApplicationBuilder ApplicationBuilder, T Resource) : IResourceBuilder<T>
    where T : Resource;

public static class ResourceBuilderExtensions
{
    /// <summary>Start this resource only once <paramref name="dependency"/> is running and ready.</summary>
    public static IResourceBuilder<T> WaitFor<T>(this IResourceBuilder<T> builder, IResourceBuilder<Resource> dependency)
        where T : Resource
    {
        if (!builder.Resource.Dependencies.Contains(dependency.Resource))
        {
            builder.Resource.Dependencies.Add(dependency.Resource);
        }
        return builder;
    }
}
