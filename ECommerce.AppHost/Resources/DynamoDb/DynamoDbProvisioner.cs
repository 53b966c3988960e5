using Amazon.DynamoDBv2;
using Amazon.DynamoDBv2.Model;
using ECommerce.AppHost.Hosting.Processes;

namespace ECommerce.AppHost.Resources.DynamoDb;

/// <summary>Creates missing tables and turns on their TTL; tables that exist are left as they are, with their data.</summary>
public static class DynamoDbProvisioner
{
    public static async Task EnsureTablesAsync(
        IAmazonDynamoDB client,
        IEnumerable<CreateTableRequest> tables,
        IReadOnlyDictionary<string, string> timeToLive,
        ResourceLog log,
        CancellationToken cancellationToken)
    {
        var existing = new HashSet<string>();
        string? start = null;
        do
        {
            var page = await client.ListTablesAsync(new ListTablesRequest { ExclusiveStartTableName = start }, cancellationToken);
            existing.UnionWith(page.TableNames ?? []);
            start = page.LastEvaluatedTableName;
        }
        while (start is not null);

        foreach (var table in tables.Where(t => !existing.Contains(t.TableName)))
        {
            await client.CreateTableAsync(table, cancellationToken);
            log.Write($"created table {table.TableName}");
        }
        foreach (var (table, attribute) in timeToLive)
        {
            var current = await client.DescribeTimeToLiveAsync(new DescribeTimeToLiveRequest { TableName = table }, cancellationToken);
            if (current.TimeToLiveDescription?.AttributeName != attribute)
            {
                await client.UpdateTimeToLiveAsync(new UpdateTimeToLiveRequest
                {
                    TableName = table,
                    TimeToLiveSpecification = new TimeToLiveSpecification { AttributeName = attribute, Enabled = true },
                }, cancellationToken);
                log.Write($"time to live on {table}.{attribute}");
            }
        }
    }
}
