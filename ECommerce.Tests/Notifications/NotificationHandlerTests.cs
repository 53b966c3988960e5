using ECommerce.Contracts.Orders;
using ECommerce.Lambda.RuntimeSupport;
using ECommerce.Notifications.Function;
using ECommerce.ServiceDefaults;
using ECommerce.Tests.Harness;
using Microsoft.Extensions.Logging.Abstractions;

namespace ECommerce.Tests.Notifications;

/// <summary>The notification function's handler on its own, against the graph's DynamoDB Local.</summary>
[Collection(GraphCollection.Name)]
public sealed class NotificationHandlerTests(GraphFixture graph)
{
    [Fact]
    public async Task EachEventOfABatchIsStoredOnceAndPoisonMessagesAreReportedAlone()
    {
        using var dynamoDb = graph.DynamoDb.CreateClient();
        var handler = new NotificationHandler(dynamoDb, NotificationHandler.DefaultTable, TimeProvider.System, NullLogger<NotificationHandler>.Instance);
        var created = Event(OrderEventTypes.Created, 1234.56m, sequence: 1, DateTimeOffset.UtcNow);
        var (refundedOrderId, refundEventId) = (Guid.NewGuid(), Guid.NewGuid());
        // Written by an instance whose clock is behind: its time says it came first, its number says second.
        var confirmed = Event(OrderEventTypes.Confirmed, 1234.56m, sequence: 2, DateTimeOffset.UtcNow.AddSeconds(-5), created.OrderId);
        var batch = new SqsEvent
        {
            Records =
            [
                Message("m1", created.ToJson()),
                Message("m2", "{ not json"),
                // A garbled copy of m1's event (same id): it never takes the place of the real record.
                Message("m3", created.ToJson().Replace("order.created", "order.exploded")),
                Message("m4", confirmed.ToJson()),
                Message("m5", """{"event_id":"00000000-0000-0000-0000-000000000000","event_type":"order.created","version":1}"""),
                // The same message delivered twice.
                Message("m6", created.ToJson()),
                // An event of a later version's type, for another order: a failure filed under that order.
                Message("m7", $$"""{"event_id":"{{refundEventId}}","event_type":"order.refunded","version":2,"order_id":"{{refundedOrderId}}","occurred_at":"2026-09-21T14:13:20Z"}"""),
                // The same without its time: nothing to file it under that a real event would replace.
                Message("m8", $$"""{"event_id":"{{Guid.NewGuid()}}","event_type":"order.refunded","version":2,"order_id":"{{refundedOrderId}}"}"""),
            ],
        };

        var response = await handler.HandleAsync(batch, CancellationToken.None);

        Assert.Equal(["m2", "m3", "m5", "m7", "m8"], response.BatchItemFailures.Select(f => f.ItemIdentifier).ToArray());
        var stored = await graph.NotificationsOfAsync(created.OrderId);
        Assert.Equal([OrderEventTypes.Created, OrderEventTypes.Confirmed], stored.Select(i => i["event_type"].S).ToArray());
        Assert.Equal(["1", "2"], stored.Select(i => i["sequence"].N).ToArray());
        var first = stored[0];
        Assert.Equal("1234.56", first["total_amount"].N);
        Assert.Equal("3", first["items_count"].N);
        Assert.Equal("processed", first["status"].S);
        Assert.Equal(created.UserId.ToString(), first["user_id"].S);
        var expires = DateTimeOffset.FromUnixTimeSeconds(long.Parse(first["ttl"].N));
        Assert.InRange(expires, DateTimeOffset.UtcNow.AddDays(89), DateTimeOffset.UtcNow.AddDays(91));

        var failed = Assert.Single(await graph.NotificationsOfAsync(refundedOrderId));
        Assert.Equal("failed", failed["status"].S);
        Assert.Equal("order.refunded", failed["event_type"].S);
        Assert.Equal($"0000000000#2026-09-21T14:13:20.0000000Z#{refundEventId}", failed["timestamp"].S);
        Assert.Contains("version 2", failed["reason"].S);

        // A second delivery of the whole batch changes nothing.
        await handler.HandleAsync(batch, CancellationToken.None);
        Assert.Equal(2, (await graph.NotificationsOfAsync(created.OrderId)).Count);
        Assert.Single(await graph.NotificationsOfAsync(refundedOrderId));
    }

    [Fact]
    public async Task WhileDynamoDbIsDownAWriteWaitsForItAndOnlyTheInvocationsDeadlineHandsTheMessageBack()
    {
        using var dynamoDb = graph.DynamoDb.CreateClient();
        var handler = new NotificationHandler(dynamoDb, NotificationHandler.DefaultTable, TimeProvider.System, NullLogger<NotificationHandler>.Instance);
        var early = Event(OrderEventTypes.Created, 10m, sequence: 1, DateTimeOffset.UtcNow);
        var late = Event(OrderEventTypes.Created, 20m, sequence: 1, DateTimeOffset.UtcNow);
        Task<SqsBatchResponse> waiting;
        using var longDeadline = new CancellationTokenSource(TimeSpan.FromSeconds(120));
        await graph.StopAsync(ResourceNames.DynamoDb);
        try
        {
            using (var deadline = new CancellationTokenSource(TimeSpan.FromSeconds(2)))
            {
                var handedBack = await handler.HandleAsync(new SqsEvent { Records = [Message("m1", early.ToJson())] }, deadline.Token);
                Assert.Equal(["m1"], handedBack.BatchItemFailures.Select(f => f.ItemIdentifier).ToArray());
            }
            waiting = handler.HandleAsync(new SqsEvent { Records = [Message("m2", late.ToJson())] }, longDeadline.Token);
            await Task.Delay(TimeSpan.FromSeconds(3));
            Assert.False(waiting.IsCompleted, "the write gave up while the invocation still had time");
        }
        finally
        {
            await graph.StartAsync(ResourceNames.DynamoDb);
        }

        Assert.Empty((await waiting.WaitAsync(TimeSpan.FromSeconds(30))).BatchItemFailures);
        Assert.Single(await graph.NotificationsOfAsync(late.OrderId));
        Assert.Empty(await graph.NotificationsOfAsync(early.OrderId));
    }

    private static OrderEvent Event(string type, decimal total, long sequence, DateTimeOffset occurredAt, Guid? orderId = null) => new(
        Guid.CreateVersion7(), type, OrderEvent.CurrentVersion, occurredAt, orderId ?? Guid.NewGuid(), Guid.NewGuid(),
        "pending", total, [new OrderEventItem(Guid.NewGuid(), "Shirt", 2, 600m), new OrderEventItem(Guid.NewGuid(), "Mug", 1, 34.56m)],
        Sequence: sequence);

    private static SqsMessage Message(string id, string body) => new() { MessageId = id, ReceiptHandle = $"receipt-{id}", Body = body };
}
