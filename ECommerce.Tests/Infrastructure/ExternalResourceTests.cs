using System.Net;
using Aspire.Hosting;
using Aspire.Hosting.Testing;
using ECommerce.AppHost.Resources.Aws;
using ECommerce.AppHost.Resources.DynamoDb;
using ECommerce.AppHost.Resources.Kafka;
using ECommerce.AppHost.Resources.Postgres;
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
        // The running test graph's infrastructure plays the existing one.
        var builder = await TestAppHost.CreateBuilderAsync(dataDirectory, dashboard: false,
            $"--ConnectionStrings:{ResourceNames.Database}={graph.DatabaseConnectionString}",
            $"--ConnectionStrings:{ResourceNames.Kafka}=bootstrap.servers={graph.KafkaBrokers};client.id=external-test",
            $"--ConnectionStrings:{ResourceNames.DynamoDb}=ServiceURL={graph.DynamoDb.Endpoint.Url};Region=us-east-1",
            $"--ConnectionStrings:{ResourceNames.Aws}=ServiceURL={graph.Aws.Endpoint.Url};Region=us-east-1");
        // The infrastructure is what this test is about: one probe service stands for the services.
        builder.RemoveServices();
        GraphFixture.AddProbe(builder, "probe-external")
            // As for any existing AWS endpoint, credentials are the caller's to provide (the emulators take any).
            .WithEnvironment("AWS_ACCESS_KEY_ID", "external")
            .WithEnvironment("AWS_SECRET_ACCESS_KEY", "external");

        Assert.DoesNotContain(builder.Resources, r => r is PostgresServerResource or KafkaMockClusterResource or DynamoDbLocalResource or FauxqsResource);

        await using var app = await builder.BuildAsync();
        await app.StartAndWaitUntilHealthyAsync(TimeSpan.FromMinutes(2));
        Assert.Equal(graph.DatabaseConnectionString, await app.GetConnectionStringAsync(ResourceNames.Database));

        using var http = new HttpClient();
        using var health = await http.GetAsync($"{app.HttpUrl("probe-external")}/health");
        Assert.True(health.StatusCode == HttpStatusCode.OK, await health.Content.ReadAsStringAsync());

        await app.StopAsync();
        TestAppHost.DeleteDataDirectory(dataDirectory);
    }
}
