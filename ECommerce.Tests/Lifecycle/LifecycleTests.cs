using Amazon.DynamoDBv2.Model;
using Aspire.Hosting;
using Aspire.Hosting.Testing;
using ECommerce.AppHost.Resources.DynamoDb;
using ECommerce.ServiceDefaults;
using ECommerce.Tests.Harness;
using Npgsql;

namespace ECommerce.Tests.Lifecycle;

/// <summary>The local infrastructure across a stop and a start: no process left behind, the data kept.</summary>
public sealed class LifecycleTests
{
    [Fact]
    public async Task StoppingTheGraphEndsEveryInfrastructureProcessAndTheNextRunFindsTheDataKept()
    {
        var dataDirectory = TestAppHost.NewDataDirectory();
        var marker = Guid.NewGuid().ToString();

        await using (var first = await InfrastructureOnlyAsync(dataDirectory))
        {
            await using (var connection = new NpgsqlConnection(await first.GetConnectionStringAsync(ResourceNames.Database)))
            {
                await connection.OpenAsync();
                await using (var create = new NpgsqlCommand("CREATE TABLE kept (marker text)", connection))
                {
                    await create.ExecuteNonQueryAsync();
                }
                await using var insert = new NpgsqlCommand("INSERT INTO kept VALUES ($1)", connection) { Parameters = { new() { Value = marker } } };
                await insert.ExecuteNonQueryAsync();
            }
            using (var dynamodb = first.Resource<DynamoDbLocalResource>(ResourceNames.DynamoDb).CreateClient())
            {
                await dynamodb.PutItemAsync(DynamoDbTables.Sessions, new Dictionary<string, AttributeValue> { ["session_id"] = new() { S = marker } });
            }
            // PostgreSQL forks workers: every process a resource started must end, not just the one Aspire started.
            var processes = new[] { ResourceNames.Postgres, ResourceNames.DynamoDb, ResourceNames.Aws }
                .SelectMany(name => ResourceProcesses.Tree(first.ServingProcessId(name))).ToList();
            Assert.True(processes.Count > 3, $"processes: {string.Join(", ", processes)}");

            await first.StopAsync();

            var alive = await Poll.Eventually(() => Task.FromResult(processes.Where(p => ResourceProcesses.IsAlive(p.Pid, p.StartTicks)).ToList()),
                still => still.Count == 0, TimeSpan.FromSeconds(30));
            Assert.Empty(alive);
        }

        await using (var second = await InfrastructureOnlyAsync(dataDirectory))
        {
            await using (var connection = new NpgsqlConnection(await second.GetConnectionStringAsync(ResourceNames.Database)))
            {
                await connection.OpenAsync();
                await using var query = new NpgsqlCommand("SELECT marker FROM kept", connection);
                Assert.Equal(marker, await query.ExecuteScalarAsync());
            }
            using var dynamodb = second.Resource<DynamoDbLocalResource>(ResourceNames.DynamoDb).CreateClient();
            var item = await dynamodb.GetItemAsync(DynamoDbTables.Sessions, new Dictionary<string, AttributeValue> { ["session_id"] = new() { S = marker } });
            Assert.True(item.IsItemSet);
            await second.StopAsync();
        }
        TestAppHost.DeleteDataDirectory(dataDirectory);
    }

    /// <summary>The AppHost's graph without the services and the function: what this test is about starts in seconds.</summary>
    private static async Task<DistributedApplication> InfrastructureOnlyAsync(string dataDirectory)
    {
        var builder = await TestAppHost.CreateBuilderAsync(dataDirectory);
        builder.RemoveServices();
        var app = await builder.BuildAsync();
        await app.StartAndWaitUntilHealthyAsync(TimeSpan.FromMinutes(2));
        return app;
    }
}
