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
        var checks = report.RootElement.GetProperty("checks").EnumerateObject().ToDictionary(c => c.Name, c => c.Value.GetProperty("status").GetString());
        // Aspire.Npgsql names its own check.
        Assert.Contains(checks, c => c.Key.Contains("postgres", StringComparison.OrdinalIgnoreCase) && c.Value == "Healthy");
        foreach (var check in new[] { "self", "kafka-kafka", "dynamodb", "s3", "sqs" })
        {
            Assert.Equal("Healthy", checks[check]);
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
