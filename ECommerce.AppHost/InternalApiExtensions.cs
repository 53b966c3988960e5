namespace ECommerce.AppHost;

/// <summary>Which service may call which other service's <c>/internal</c> API, each caller with a key of its own.</summary>
public static class InternalApiExtensions
{
    /// <summary>The parameter holding a calling service's key: generated on the first run, or <c>Parameters__{name}</c>.</summary>
    public static string KeyParameterOf(string caller) => $"{caller}-service-key";

    /// <summary>
    /// <paramref name="caller"/> may call the internal APIs of <paramref name="services"/>: it gets its key as
    /// <c>ServiceCredentials__Key</c>, and each of them the same key as <c>ServiceCredentials__Callers__{caller}</c>.
    /// </summary>
    public static IResourceBuilder<ProjectResource> WithInternalAccessTo(this IResourceBuilder<ProjectResource> caller,
        params IResourceBuilder<ProjectResource>[] services)
    {
        var key = caller.ApplicationBuilder.AddGeneratedSecret(KeyParameterOf(caller.Resource.Name));
        caller.WithEnvironment("ServiceCredentials__Key", key);
        foreach (var service in services)
        {
            service.WithEnvironment($"ServiceCredentials__Callers__{caller.Resource.Name}", key);
        }
        return caller;
    }
}
