using Amazon.DynamoDBv2;
using Amazon.DynamoDBv2.Model;
using Microsoft.Extensions.Logging;

namespace ECommerce.AppHost.Resources.DynamoDb;

/// <summary>
/// Creates missing tables, adds indexes that a kept table lacks (the catalog grew since it was created), and turns
/// on TTL. Data in existing tables is kept.
/// </summary>
public static class DynamoDbProvisioner
{
    public static async Task EnsureTablesAsync(
        IAmazonDynamoDB client,
        IEnumerable<CreateTableRequest> tables,
        IReadOnlyDictionary<string, string> timeToLive,
        ILogger log,
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

        foreach (var table in tables)
        {
            if (!existing.Contains(table.TableName))
            {
                await client.CreateTableAsync(table, cancellationToken);
                log.LogInformation("created table {Table}", table.TableName);
                continue;
            }
            var current = (await client.DescribeTableAsync(table.TableName, cancellationToken)).Table.GlobalSecondaryIndexes ?? [];
            foreach (var index in (table.GlobalSecondaryIndexes ?? []).Where(i => current.All(c => c.IndexName != i.IndexName)))
            {
                await client.UpdateTableAsync(new UpdateTableRequest
                {
                    TableName = table.TableName,
                    AttributeDefinitions = table.AttributeDefinitions,
                    GlobalSecondaryIndexUpdates = [new GlobalSecondaryIndexUpdate
                    {
                        Create = new CreateGlobalSecondaryIndexAction { IndexName = index.IndexName, KeySchema = index.KeySchema, Projection = index.Projection },
                    }],
                }, cancellationToken);
                log.LogInformation("added index {Index} to {Table}", index.IndexName, table.TableName);
            }
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
                log.LogInformation("time to live on {Table}.{Attribute}", table, attribute);
            }
        }
    }
}
