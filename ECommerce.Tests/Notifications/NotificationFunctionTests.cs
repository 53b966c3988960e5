using System.Globalization;
using System.Net;
using Amazon.DynamoDBv2.Model;
using Amazon.SQS;
using Amazon.SQS.Model;
using ECommerce.Contracts.Orders;
using ECommerce.ServiceDefaults;
using ECommerce.Tests.Harness;

namespace ECommerce.Tests.Notifications;

/// <summary>
/// The serverless path as the AppHost runs it: SQS <c>order-events</c> → the event source mapping → the real
/// <c>bootstrap</c> process behind the emulated Runtime API → DynamoDB <c>notifications</c>.
/// </summary>
[Collection(GraphCollection.Name)]
public sealed class NotificationFunctionTests(GraphFixture graph) : IDisposable
{
    private readonly AmazonSQSClient _sqs = graph.Aws.CreateSqsClient();
    private static readonly TimeSpan Within = TimeSpan.FromSeconds(30);

    [Fact]
    public async Task AnOrderPlacedThroughTheGatewayBecomesANotificationRecordWithinSeconds()
    {
        var product = await (await Catalog.AsAdminAsync(graph)).CreateProductAsync(price: 12.34m, stock: 5);
        var customer = await graph.Accounts.NewCustomerAsync();
        var order = await graph.Gateway.As(customer.Token).PostAsync("/api/v1/orders",
            OrderRequests.For(product, 3), Guid.NewGuid().ToString("N")).ExpectAsync(HttpStatusCode.Created);

        var records = await Poll.Eventually(() => graph.NotificationsOfAsync(order.Id()), r => r.Any(IsCreated), Within);

        var record = Assert.Single(records, IsCreated);
        Assert.Equal(customer.Id.ToString(), record["user_id"].S);
        Assert.Equal("processed", record["status"].S);
        Assert.Equal(37.02m, decimal.Parse(record["total_amount"].N, CultureInfo.InvariantCulture));
        Assert.Equal("3", record["items_count"].N);
        Assert.InRange(DateTimeOffset.FromUnixTimeSeconds(long.Parse(record["ttl"].N)), DateTimeOffset.UtcNow.AddDays(89), DateTimeOffset.UtcNow.AddDays(91));
    }

    [Fact]
    public async Task TheSameMessageDeliveredTwiceStoresOneRecord()
    {
        var orderEvent = NotificationFunction.NewOrderEvent();
        var queue = await _sqs.QueueUrlAsync(SqsQueues.OrderEvents);

        var first = await _sqs.SendMessageAsync(new SendMessageRequest { QueueUrl = queue, MessageBody = orderEvent.ToJson() });
        var second = await _sqs.SendMessageAsync(new SendMessageRequest { QueueUrl = queue, MessageBody = orderEvent.ToJson() });

        // Both deliveries went through the function: one stored the record, the other found it there.
        var handled = await Poll.Eventually(() => Task.FromResult(graph.FunctionJsonLog().Where(l => l.Field("MessageId") is { } id && (id == first.MessageId || id == second.MessageId)).ToList()),
            lines => lines.Count >= 2, Within);
        Assert.Equal(2, handled.Count);
        Assert.Single(handled, l => l.Field("message")!.StartsWith("Stored the notification", StringComparison.Ordinal));
        Assert.Single(handled, l => l.Field("message")!.Contains("came again", StringComparison.Ordinal));
        Assert.Single(await graph.NotificationsOfAsync(orderEvent.OrderId));
    }

    [Fact]
    public async Task APoisonMessageIsDeadLetteredAfterFiveAttemptsWhileTheRestOfItsBatchIsStored()
    {
        var good = new[] { NotificationFunction.NewOrderEvent(), NotificationFunction.NewOrderEvent() };
        var poison = $$"""{"event_id":"{{Guid.NewGuid()}}","event_type":"order.exploded","version":1}""";
        var sent = await _sqs.SendMessageBatchAsync(new SendMessageBatchRequest
        {
            QueueUrl = await _sqs.QueueUrlAsync(SqsQueues.OrderEvents),
            Entries =
            [
                new SendMessageBatchRequestEntry { Id = "good-1", MessageBody = good[0].ToJson() },
                new SendMessageBatchRequestEntry { Id = "poison", MessageBody = poison },
                new SendMessageBatchRequestEntry { Id = "good-2", MessageBody = good[1].ToJson() },
            ],
        });
        var poisonId = sent.Successful.Single(e => e.Id == "poison").MessageId;

        foreach (var orderEvent in good)
        {
            Assert.Single(await Poll.Eventually(() => graph.NotificationsOfAsync(orderEvent.OrderId), r => r.Count > 0, Within));
        }
        var deadLetterQueue = await _sqs.QueueUrlAsync(SqsQueues.OrderEventsDeadLetter);
        var deadLetters = new List<Message>();
        await Poll.Eventually(async () =>
        {
            deadLetters.AddRange((await _sqs.ReceiveMessageAsync(new ReceiveMessageRequest { QueueUrl = deadLetterQueue, MaxNumberOfMessages = 10, WaitTimeSeconds = 1 })).Messages ?? []);
            return deadLetters;
        }, received => received.Any(m => m.MessageId == poisonId), 5 * GraphFixture.QueueVisibilityTimeout + Within);

        var deadLetter = deadLetters.SingleOrDefault(m => m.MessageId == poisonId);
        Assert.NotNull(deadLetter);
        Assert.Equal(poison, deadLetter.Body);
        // Five invocations saw it, each reporting it alone as failed; its good neighbours were handled once.
        var rejections = graph.FunctionJsonLog().Where(l => l.Field("MessageId") == poisonId).ToList();
        Assert.Equal(5, rejections.Count);
        Assert.Equal(5, rejections.Select(l => l.Field("requestId")).Distinct().Count());
        var goodIds = sent.Successful.Where(e => e.Id != "poison").Select(e => e.MessageId).ToHashSet();
        Assert.Equal(2, graph.FunctionJsonLog().Count(l => l.Field("MessageId") is { } id && goodIds.Contains(id)));
    }

    private static bool IsCreated(Dictionary<string, AttributeValue> record) => record["event_type"].S == OrderEventTypes.Created;

    public void Dispose() => _sqs.Dispose();
}
