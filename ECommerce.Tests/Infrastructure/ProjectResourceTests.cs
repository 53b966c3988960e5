using System.Net;
using System.Text.Json;
using ECommerce.Tests.Harness;

namespace ECommerce.Tests.Infrastructure;

[Collection(GraphCollection.Name)]
public sealed class ProjectResourceTests(GraphFixture graph)
{
    [Fact]
    public async Task AProjectRunsFromItsBuildOutputAndReachesEveryResourceItReferences()
    {
        using var http = new HttpClient();
        using var response = await http.GetAsync($"{graph.ProbeUrl}/health");
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
        using var response = await http.GetAsync($"{graph.ProbeUrl}/probe/call/{GraphFixture.SecondProbeName}");
        var body = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == HttpStatusCode.OK, body);
        using var echo = JsonDocument.Parse(body);
        Assert.Equal(200, echo.RootElement.GetProperty("status").GetInt32());
    }
}
