using System.Net;
using ECommerce.AppHost.Hosting;
using ECommerce.AppHost.Resources.Lambda;
using ECommerce.AppHost.Resources.Parameters;
using ECommerce.AppHost.Resources.Projects;
using ECommerce.ServiceDefaults;
using ECommerce.Tests.Harness;

namespace ECommerce.Tests.Infrastructure;

[Collection(GraphCollection.Name)]
public sealed class ExternalResourceTests(GraphFixture graph)
{
    [Fact]
    public async Task ConfiguredEndpointsReplaceEveryInfrastructureResourceAndNothingIsStartedForThem()
    {
        var dataDirectory = TestAppHost.NewDataDirectory();
        var builder = await TestAppHost.CreateBuilderAsync(dataDirectory, durable: false,
            $"--ConnectionStrings:{ResourceNames.Database}={graph.Database.ConnectionString}",
            $"--ConnectionStrings:{ResourceNames.Kafka}=bootstrap.servers={graph.Kafka.ConnectionString};client.id=external-test",
            $"--ConnectionStrings:{ResourceNames.DynamoDb}=ServiceURL={graph.DynamoDb.ServiceUrl};Region=us-east-1",
            $"--ConnectionStrings:{ResourceNames.Aws}=ServiceURL={graph.Aws.ServiceUrl};Region=us-east-1");
        var probe = GraphFixture.AddProbe(builder, "probe-external")
            // Only the other probe's discovery entry is missing; point it at the running one.
            .WithEnvironment("services__probe-two__http__0", graph.App.GetResource<ProjectResource>(GraphFixture.SecondProbeName).Url!);
        foreach (var project in builder.Resources.OfType<ProjectResource>())
        {
            // As for any existing AWS endpoint, credentials are the caller's to provide (the emulators take any).
            project.Environment["AWS_ACCESS_KEY_ID"] = "external";
            project.Environment["AWS_SECRET_ACCESS_KEY"] = "external";
        }
        // The function reads the existing order-events queue, whose visibility timeout is the test graph's.
        builder.GetResource<LambdaFunctionResource>(ResourceNames.Notifications)
            .WithSettings(GraphFixture.FunctionTimeout, memorySizeMb: 256, concurrency: 1)
            .WithEnvironment("AWS_ACCESS_KEY_ID", "external")
            .WithEnvironment("AWS_SECRET_ACCESS_KEY", "external");

        await using var app = builder.Build();
        await app.StartAsync();

        Assert.All(app.Resources.Where(r => r is not (ProjectResource or LambdaFunctionResource or ParameterResource)), r =>
        {
            Assert.Equal(ResourceState.External, r.State);
            Assert.Null(r.Process);
        });
        Assert.Equal(graph.Database.ConnectionString, app.GetConnectionString(ResourceNames.Database));

        using var http = new HttpClient();
        using var health = await http.GetAsync($"{probe.Resource.Url}/health");
        Assert.True(health.StatusCode == HttpStatusCode.OK, await health.Content.ReadAsStringAsync());

        await app.StopAsync();
        TestAppHost.DeleteDataDirectory(dataDirectory);
    }
}
