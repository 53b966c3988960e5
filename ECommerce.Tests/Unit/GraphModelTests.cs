using ECommerce.AppHost.Hosting;

namespace ECommerce.Tests.Unit;

public sealed class GraphModelTests
{
    private sealed class Node(string name) : Resource(name), IResourceWithPrerequisites
    {
        public override string Kind => "node";

        public bool Installed { get; init; } = true;

        public override Task StartAsync(ResourceContext context, CancellationToken cancellationToken) => Task.CompletedTask;

        public IEnumerable<Prerequisite> GetPrerequisites(AppHostOptions options) =>
            [new Prerequisite("the frobnicator", () => Installed, "apt-get install -y frobnicator")];
    }

    [Fact]
    public void EveryResourceComesAfterWhatItWaitsFor()
    {
        Node database = new("database"), api = new("api"), gateway = new("gateway"), broker = new("broker");
        api.Dependencies.AddRange([database, broker]);
        gateway.Dependencies.Add(api);

        var order = DependencyOrder.Sort([gateway, api, broker, database]).Select(r => r.Name).ToList();

        Assert.True(order.IndexOf("database") < order.IndexOf("api"));
        Assert.True(order.IndexOf("broker") < order.IndexOf("api"));
        Assert.True(order.IndexOf("api") < order.IndexOf("gateway"));
    }

    [Fact]
    public void ACycleIsRejectedNamingItsMembers()
    {
        Node a = new("a"), b = new("b");
        a.Dependencies.Add(b);
        b.Dependencies.Add(a);
        var error = Assert.Throws<InvalidOperationException>(() => DependencyOrder.Validate([a, b]));
        Assert.Contains("a → b → a", error.Message);
    }

    [Fact]
    public void AMissingPrerequisiteFailsInOneLineNamingItAndItsInstallCommand()
    {
        var options = new AppHostOptions { DataDirectory = "/nonexistent", RepositoryRoot = "/nonexistent" };
        var error = Assert.Throws<ResourceStartException>(() => Prerequisites.Check([new Node("ok"), new Node("broken") { Installed = false }], options));
        Assert.StartsWith("broken needs the frobnicator: run `apt-get install -y frobnicator`", error.Message);
        Assert.DoesNotContain("ok needs", error.Message);
    }
}
