using Amazon.DynamoDBv2.Model;
using ECommerce.AppHost.Hosting;
using ECommerce.AppHost.Hosting.Processes;
using ECommerce.AppHost.Resources.Aws;
using ECommerce.AppHost.Resources.DynamoDb;
using ECommerce.AppHost.Resources.Postgres;
using ECommerce.AppHost.Resources.Projects;
using ECommerce.ServiceDefaults;
using ECommerce.Tests.Harness;
using Npgsql;

namespace ECommerce.Tests.Lifecycle;

/// <summary>Each test boots and stops its own AppHost, so it can look at what is left afterwards.</summary>
public sealed class LifecycleTests
{
    [Fact]
    public async Task AfterShutdownNoProcessOfAnyResourceIsAlive()
    {
        var dataDirectory = TestAppHost.NewDataDirectory();
        await using var app = (await TestAppHost.CreateBuilderAsync(dataDirectory)).Build();
        await app.StartAsync();
        var roots = app.Resources.Where(r => r.Process is not null).Select(r => r.Process!.Pid).ToArray();
        // PostgreSQL, DynamoDB Local, fauxqs and every project.
        Assert.Equal(3 + app.Resources.OfType<ProjectResource>().Count(), roots.Length);
        // PostgreSQL forks workers: every process a resource started must be gone, not just the one the AppHost started.
        var processes = Descendants(roots);
        Assert.True(processes.Count > roots.Length, $"roots {string.Join(",", roots)}: processes {string.Join(",", processes)}");

        await app.StopAsync();

        Assert.DoesNotContain(processes, p => ProcessIdentity.IsAlive(p.Pid, p.StartTicks));
        Assert.All(app.Resources.Where(r => r.Process is not null), r => Assert.Equal(ResourceState.Stopped, r.State));
        TestAppHost.DeleteDataDirectory(dataDirectory);
    }

    [Fact]
    public async Task AResourceThatCrashesIsReportedAsExited()
    {
        var dataDirectory = TestAppHost.NewDataDirectory();
        await using var app = (await TestAppHost.CreateBuilderAsync(dataDirectory)).Build();
        await app.StartAsync();
        var aws = app.GetResource<FauxqsResource>(ResourceNames.Aws);

        System.Diagnostics.Process.GetProcessById(aws.Process!.Pid).Kill();
        await aws.Process.Exited.WaitAsync(TimeSpan.FromSeconds(10));
        for (var i = 0; i < 50 && aws.State != ResourceState.Exited; i++)
        {
            await Task.Delay(100);
        }

        Assert.Equal(ResourceState.Exited, aws.State);
        var recorded = new GraphStateFile(app.Options.StateFile).Read()!.Resources.Single(r => r.Name == ResourceNames.Aws);
        Assert.Equal(ResourceState.Exited, recorded.State);
        await app.StopAsync();
        TestAppHost.DeleteDataDirectory(dataDirectory);
    }

    [Fact]
    public async Task RunStopRunKeepsPostgresAndDynamoDbData()
    {
        var dataDirectory = TestAppHost.NewDataDirectory();
        var marker = Guid.NewGuid().ToString();

        await using (var first = (await TestAppHost.CreateBuilderAsync(dataDirectory, durable: true)).Build())
        {
            await first.StartAsync();
            await using var connection = new NpgsqlConnection(first.GetConnectionString(ResourceNames.Database));
            await connection.OpenAsync();
            await using (var create = new NpgsqlCommand("CREATE TABLE kept (marker text)", connection))
            {
                await create.ExecuteNonQueryAsync();
            }
            await using (var insert = new NpgsqlCommand("INSERT INTO kept VALUES ($1)", connection) { Parameters = { new() { Value = marker } } })
            {
                await insert.ExecuteNonQueryAsync();
            }
            using var dynamodb = first.GetResource<DynamoDbLocalResource>(ResourceNames.DynamoDb).CreateClient();
            await dynamodb.PutItemAsync(DynamoDbTables.Sessions, new Dictionary<string, AttributeValue> { ["session_id"] = new() { S = marker } });
            await first.StopAsync();
        }

        await using var second = (await TestAppHost.CreateBuilderAsync(dataDirectory, durable: true)).Build();
        await second.StartAsync();
        await using (var connection = new NpgsqlConnection(second.GetConnectionString(ResourceNames.Database)))
        {
            await connection.OpenAsync();
            await using var query = new NpgsqlCommand("SELECT marker FROM kept", connection);
            Assert.Equal(marker, await query.ExecuteScalarAsync());
        }
        using (var dynamodb = second.GetResource<DynamoDbLocalResource>(ResourceNames.DynamoDb).CreateClient())
        {
            var item = await dynamodb.GetItemAsync(DynamoDbTables.Sessions, new Dictionary<string, AttributeValue> { ["session_id"] = new() { S = marker } });
            Assert.True(item.IsItemSet);
        }
        Assert.Equal(ResourceState.Running, second.GetResource<PostgresServerResource>(ResourceNames.Postgres).State);
        await second.StopAsync();
        TestAppHost.DeleteDataDirectory(dataDirectory);
    }

    /// <summary>Every live process descending from one of the given PIDs, with its start time to recognise it later.</summary>
    private static List<(int Pid, long? StartTicks)> Descendants(int[] roots)
    {
        var parents = new Dictionary<int, int>();
        foreach (var dir in Directory.GetDirectories("/proc"))
        {
            if (int.TryParse(Path.GetFileName(dir), out var pid))
            {
                try
                {
                    var stat = File.ReadAllText(Path.Combine(dir, "stat"));
                    // After the command name: state (field 3), then the parent PID (field 4).
                    parents[pid] = int.Parse(stat[(stat.LastIndexOf(')') + 2)..].Split(' ')[1]);
                }
                catch (IOException)
                {
                    // The process ended while we looked.
                }
            }
        }
        return parents.Keys.Where(pid => IsDescendant(pid)).Select(pid => (pid, ProcessIdentity.StartTimeTicks(pid))).ToList();

        bool IsDescendant(int pid)
        {
            for (var current = pid; current > 1; current = parents.GetValueOrDefault(current))
            {
                if (roots.Contains(current))
                {
                    return true;
                }
            }
            return false;
        }
    }
}
