using System.Net;
using System.Text.Json;
using ECommerce.AppHost.Hosting;
using ECommerce.Tests.Harness;

namespace ECommerce.Tests.Infrastructure;

[Collection(GraphCollection.Name)]
public sealed class ProjectResourceTests(GraphFixture graph)
{
    [Fact]
    public async Task AProjectRunsFromItsBuildOutputAndReachesEveryResourceItReferences()
    {
        using var http = new HttpClient();
        using var response = await http.GetAsync($"{graph.Probe.Url}/health");
        var body = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == HttpStatusCode.OK, body);

        using var report = JsonDocument.Parse(body);
        var checks = report.RootElement.GetProperty("checks");
        foreach (var check in new[] { "self", "postgres-ecommerce", "kafka-kafka", "dynamodb", "s3", "sqs" })
        {
            Assert.Equal("Healthy", checks.GetProperty(check).GetProperty("status").GetString());
        }
    }

    [Fact]
    public async Task AProjectCallsAnotherByItsLogicalNameThroughServiceDiscovery()
    {
        using var http = new HttpClient();
        using var response = await http.GetAsync($"{graph.Probe.Url}/probe/call/{GraphFixture.SecondProbeName}");
        var body = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == HttpStatusCode.OK, body);
        using var echo = JsonDocument.Parse(body);
        Assert.Equal(200, echo.RootElement.GetProperty("status").GetInt32());
    }

    [Fact]
    public void TheStateFileDescribesEveryRunningResource()
    {
        var state = new GraphStateFile(graph.App.Options.StateFile).Read();
        Assert.NotNull(state);
        Assert.Equal(Environment.ProcessId, state.AppHostPid);
        Assert.Equal(graph.App.Resources.Select(r => r.Name).Order(), state.Resources.Select(r => r.Name).Order());
        Assert.All(state.Resources, resource => Assert.Equal(ResourceState.Running, resource.State));

        var probe = state.Resources.Single(r => r.Name == GraphFixture.ProbeName);
        Assert.Equal(graph.Probe.Url, probe.Endpoints!["http"]);
        Assert.True(File.Exists(probe.LogFile), $"log file {probe.LogFile}");
        Assert.Contains(GraphFixture.SecondProbeName, probe.DependsOn);
        Assert.All(state.Resources.Where(r => r.Pid is not null), r => Assert.True(Directory.Exists($"/proc/{r.Pid}"), $"{r.Name} pid {r.Pid}"));
    }
}
