using Amazon.DynamoDBv2;
using Amazon.DynamoDBv2.Model;
using ECommerce.AppHost.Resources.DynamoDb;
using ECommerce.ServiceDefaults;
using ECommerce.Tests.Harness;

namespace ECommerce.Tests.Infrastructure;

[Collection(GraphCollection.Name)]
public sealed class DynamoDbTests(GraphFixture graph)
{
    [Fact]
    public async Task EveryTableOfTheCatalogExistsWithItsTimeToLive()
    {
        using var client = graph.DynamoDb.CreateClient();
        foreach (var table in DynamoDbTableCatalog.Tables)
        {
            var description = (await client.DescribeTableAsync(table.TableName)).Table;
            Assert.Equal(TableStatus.ACTIVE, description.TableStatus);
            Assert.Equal(table.KeySchema.Select(k => k.AttributeName), description.KeySchema.Select(k => k.AttributeName));
        }
        foreach (var (table, attribute) in DynamoDbTableCatalog.TimeToLive)
        {
            var ttl = await client.DescribeTimeToLiveAsync(new DescribeTimeToLiveRequest { TableName = table });
            Assert.Equal(attribute, ttl.TimeToLiveDescription.AttributeName);
        }
    }

    [Fact]
    public async Task ATransactionAcrossTwoTablesIsAllOrNothing()
    {
        using var client = graph.DynamoDb.CreateClient();
        var orderId = Guid.NewGuid().ToString();
        var eventId = Guid.NewGuid().ToString();
        var blockingEventId = Guid.NewGuid().ToString();
        await client.PutItemAsync(DynamoDbTables.OrderOutbox, Outbox(blockingEventId));

        // The second write's condition fails, so the first must not be applied either.
        await Assert.ThrowsAsync<TransactionCanceledException>(() => client.TransactWriteItemsAsync(OrderWithOutbox(orderId, blockingEventId)));
        Assert.False(await ExistsAsync(client, DynamoDbTables.Orders, "id", orderId));

        await client.TransactWriteItemsAsync(OrderWithOutbox(orderId, eventId));
        Assert.True(await ExistsAsync(client, DynamoDbTables.Orders, "id", orderId));
        Assert.True(await ExistsAsync(client, DynamoDbTables.OrderOutbox, "event_id", eventId));
    }

    private static TransactWriteItemsRequest OrderWithOutbox(string orderId, string eventId) => new()
    {
        TransactItems =
        [
            new TransactWriteItem { Put = new Put { TableName = DynamoDbTables.Orders, Item = Order(orderId) } },
            new TransactWriteItem
            {
                Put = new Put
                {
                    TableName = DynamoDbTables.OrderOutbox,
                    Item = Outbox(eventId),
                    ConditionExpression = "attribute_not_exists(event_id)",
                },
            },
        ],
    };

    private static Dictionary<string, AttributeValue> Order(string id) => new()
    {
        ["id"] = new AttributeValue { S = id },
        ["user_id"] = new AttributeValue { S = "user-1" },
        ["created_at"] = new AttributeValue { S = DateTimeOffset.UtcNow.ToString("O") },
        ["total_amount"] = new AttributeValue { N = "19.99" },
        // A status no service acts on: the services share these tables with this test.
        ["status"] = new AttributeValue { S = "infrastructure-test" },
    };

    private static Dictionary<string, AttributeValue> Outbox(string eventId) => new()
    {
        ["event_id"] = new AttributeValue { S = eventId },
        ["pending"] = new AttributeValue { S = "1" },
        ["created_at"] = new AttributeValue { S = DateTimeOffset.UtcNow.ToString("O") },
    };

    private static async Task<bool> ExistsAsync(IAmazonDynamoDB client, string table, string key, string id)
    {
        var response = await client.GetItemAsync(new GetItemRequest
        {
            TableName = table,
            Key = new Dictionary<string, AttributeValue> { [key] = new AttributeValue { S = id } },
            ConsistentRead = true,
        });
        return response.IsItemSet;
    }
}
