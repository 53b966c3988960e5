using ECommerce.ServiceDefaults.Discovery;
using Microsoft.Extensions.Configuration;

namespace ECommerce.UnitTests;

public sealed class ServiceEndpointResolverTests
{
    private static ServiceEndpointResolver Resolver(params (string Key, string Value)[] entries) =>
        new(new ConfigurationBuilder().AddInMemoryCollection(entries.Select(e => new KeyValuePair<string, string?>(e.Key, e.Value))).Build());

    [Fact]
    public void ALogicalNameResolvesToItsConfiguredEndpointKeepingPathAndQuery()
    {
        var resolver = Resolver(("services:users:http:0", "http://127.0.0.1:5123"));
        Assert.Equal(new Uri("http://127.0.0.1:5123/internal/users/42?x=1"), resolver.Resolve(new Uri("http://users/internal/users/42?x=1")));
    }

    [Fact]
    public void SeveralEndpointsAreUsedInTurn()
    {
        var resolver = Resolver(("services:users:http:0", "http://127.0.0.1:1001"), ("services:users:http:1", "http://127.0.0.1:1002"));
        var ports = Enumerable.Range(0, 4).Select(_ => resolver.Resolve(new Uri("http://users/")).Port).ToArray();
        Assert.Equal(2, ports.Distinct().Count());
    }

    [Fact]
    public void ANameWithoutConfigurationIsLeftForDns()
    {
        var resolver = Resolver(("services:users:http:0", "http://127.0.0.1:5123"));
        Assert.Equal(new Uri("http://products/api"), resolver.Resolve(new Uri("http://products/api")));
        Assert.Equal(new Uri("http://users:8080/api"), resolver.Resolve(new Uri("http://users:8080/api")));
    }
}
