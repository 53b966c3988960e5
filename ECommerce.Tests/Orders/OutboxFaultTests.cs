using System.Net;
using Amazon.DynamoDBv2.Model;
using ECommerce.ServiceDefaults;
using ECommerce.Tests.Harness;

namespace ECommerce.Tests.Orders;

/// <summary>Kafka and SQS failing while orders come in: nothing accepted is lost, nothing is published twice under two ids.</summary>
[Collection(GraphCollection.Name)]
public sealed class OutboxFaultTests(GraphFixture graph)
{
    [Fact]
    public async Task OrdersAcceptedWhileKafkaAndSqsAreDownArePublishedOnceTheyAreBack()
    {
        var product = await (await Catalog.AsAdminAsync(graph)).CreateProductAsync(stock: 10);
        var customer = graph.Gateway.As((await graph.Accounts.NewCustomerAsync()).Token);
        var orderIds = new HashSet<Guid>();

        // The dashboard's own commands: the test graph's one broker off the network, the SQS/S3 emulator frozen.
        await graph.CommandAsync(ResourceNames.Kafka, "broker-down");
        await graph.CommandAsync(ResourceNames.Aws, "freeze");
        try
        {
            for (var i = 0; i < 3; i++)
            {
                var order = await customer.PostAsync("/api/v1/orders", OrderRequests.For(product, 1),
                    Guid.NewGuid().ToString("N")).ExpectAsync(HttpStatusCode.Created);
                orderIds.Add(order.Id());
            }
            await Task.Delay(TimeSpan.FromSeconds(3));
            // Accepted, and waiting in the outbox: nothing reached either destination.
            Assert.Equal(3, await PendingCreatedEventsAsync(orderIds));
        }
        finally
        {
            await graph.CommandAsync(ResourceNames.Kafka, "broker-up");
            await graph.CommandAsync(ResourceNames.Aws, "thaw");
        }

        // The test graph's payment deadline may cancel these unpaid orders meanwhile: this is about their creation.
        bool EveryOrderSeen(List<PublishedEvent> events) => orderIds.All(id => events.Any(e => e.OrderId == id && e.EventType == "order.created"));
        var kafka = EventCollector.FromKafka(graph, orderIds, EveryOrderSeen, TimeSpan.FromSeconds(90));
        var sqs = await EventCollector.FromNotificationsAsync(graph, orderIds, EveryOrderSeen, TimeSpan.FromSeconds(60));

        var createdOnKafka = kafka.Where(e => e.EventType == "order.created").ToList();
        var createdOnSqs = sqs.Where(e => e.EventType == "order.created").ToList();
        foreach (var created in new[] { createdOnKafka, createdOnSqs })
        {
            Assert.Equal(orderIds.Order(), created.Select(e => e.OrderId).Distinct().Order());
            // A redelivery repeats an event under its own id; it never shows up as a second event.
            Assert.All(created.GroupBy(e => e.OrderId), perOrder => Assert.Single(perOrder.Select(e => e.EventId).Distinct()));
        }
        Assert.Equal(createdOnKafka.Select(e => e.EventId).Distinct().Order(), createdOnSqs.Select(e => e.EventId).Distinct().Order());
    }

    private async Task<int> PendingCreatedEventsAsync(IReadOnlySet<Guid> orderIds)
    {
        using var dynamoDb = graph.DynamoDb.CreateClient();
        var pending = await dynamoDb.QueryAsync(new QueryRequest
        {
            TableName = DynamoDbTables.OrderOutbox,
            IndexName = "pending-index",
            KeyConditionExpression = "pending = :pending",
            ExpressionAttributeValues = new Dictionary<string, AttributeValue> { [":pending"] = new() { S = "1" } },
        });
        return pending.Items.Count(item => Guid.TryParse(item.GetValueOrDefault("order_id")?.S, out var orderId) && orderIds.Contains(orderId)
            && item.GetValueOrDefault("kafka_done")?.BOOL != true && item.GetValueOrDefault("sqs_done")?.BOOL != true);
    }
}
