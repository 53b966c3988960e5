using System.Text.Json;
using Amazon.DynamoDBv2.Model;
using Amazon.SQS;
using ECommerce.Contracts.Orders;
using ECommerce.ServiceDefaults;

namespace ECommerce.Tests.Harness;

/// <summary>What tests of the notification function send it and read back: order events, records, its log.</summary>
public static class NotificationFunction
{
    public static OrderEvent NewOrderEvent() => new(
        Guid.CreateVersion7(), OrderEventTypes.Created, OrderEvent.CurrentVersion, DateTimeOffset.UtcNow, Guid.NewGuid(), Guid.NewGuid(),
        "pending", 10m, [new OrderEventItem(Guid.NewGuid(), "Mug", 1, 10m)]);

    public static async Task<string> QueueUrlAsync(this IAmazonSQS sqs, string name) =>
        (await sqs.GetQueueUrlAsync(name)).QueueUrl;

    /// <summary>The notification records of one order, read consistently.</summary>
    public static async Task<List<Dictionary<string, AttributeValue>>> NotificationsOfAsync(this GraphFixture graph, Guid orderId)
    {
        using var dynamoDb = graph.DynamoDb.CreateClient();
        return (await dynamoDb.QueryAsync(new QueryRequest
        {
            TableName = DynamoDbTables.Notifications,
            KeyConditionExpression = "order_id = :order",
            ExpressionAttributeValues = new Dictionary<string, AttributeValue> { [":order"] = new() { S = orderId.ToString() } },
            ConsistentRead = true,
        })).Items;
    }

    /// <summary>The function's own JSON log lines, as Lambda would send them to CloudWatch.</summary>
    public static List<JsonElement> FunctionJsonLog(this GraphFixture graph) =>
        // A line may carry the logger's prefix before the JSON the function wrote.
        graph.FunctionLog
            .Select(line => line.IndexOf('{', StringComparison.Ordinal) is var json and >= 0 && line.EndsWith('}') ? line[json..] : null)
            .OfType<string>()
            .Select(json => JsonDocument.Parse(json).RootElement.Clone())
            .ToList();

    public static string? Field(this JsonElement line, string property) =>
        line.TryGetProperty(property, out var value) && value.ValueKind == JsonValueKind.String ? value.GetString() : null;
}
