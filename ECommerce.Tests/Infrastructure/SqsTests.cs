using ECommerce.ServiceDefaults;
using ECommerce.ServiceDefaults.Aws.Sqs;
using ECommerce.Tests.Harness;

namespace ECommerce.Tests.Infrastructure;

[Collection(GraphCollection.Name)]
public sealed class SqsTests(GraphFixture graph) : IDisposable
{
    private readonly HttpClient _http = new() { Timeout = AmazonSQSClient.HttpTimeout };

    private IAmazonSQS Sqs => graph.Aws.CreateSqsClient(_http);

    [Fact]
    public async Task AMessageIsInvisibleDuringItsVisibilityTimeoutThenDeleted()
    {
        var queueUrl = (await Sqs.CreateQueueAsync(new CreateQueueRequest { QueueName = $"test-{Guid.NewGuid():N}" })).QueueUrl;
        var body = $$"""{"event_id":"{{Guid.NewGuid()}}"}""";
        var sent = await Sqs.SendMessageAsync(new SendMessageRequest
        {
            QueueUrl = queueUrl,
            MessageBody = body,
            MessageAttributes = new() { ["event_type"] = new MessageAttributeValue { StringValue = "order.created" } },
        });
        Assert.False(string.IsNullOrEmpty(sent.MessageId));

        var first = await Sqs.ReceiveMessageAsync(new ReceiveMessageRequest
        {
            QueueUrl = queueUrl,
            VisibilityTimeout = 2,
            WaitTimeSeconds = 5,
            MessageAttributeNames = ["All"],
            MessageSystemAttributeNames = ["All"],
        });
        var message = Assert.Single(first.Messages);
        Assert.Equal(body, message.Body);
        Assert.Equal("order.created", message.MessageAttributes["event_type"].StringValue);
        Assert.Equal("1", message.Attributes["ApproximateReceiveCount"]);

        var whileInvisible = await Sqs.ReceiveMessageAsync(new ReceiveMessageRequest { QueueUrl = queueUrl, WaitTimeSeconds = 1 });
        Assert.Empty(whileInvisible.Messages);

        var again = await Sqs.ReceiveMessageAsync(new ReceiveMessageRequest { QueueUrl = queueUrl, WaitTimeSeconds = 10 });
        var redelivered = Assert.Single(again.Messages);
        Assert.Equal(sent.MessageId, redelivered.MessageId);

        await Sqs.DeleteMessageAsync(new DeleteMessageRequest { QueueUrl = queueUrl, ReceiptHandle = redelivered.ReceiptHandle });
        var attributes = await Sqs.GetQueueAttributesAsync(new GetQueueAttributesRequest { QueueUrl = queueUrl });
        Assert.Equal(0, attributes.ApproximateNumberOfMessages);
        Assert.Equal(0, attributes.ApproximateNumberOfMessagesNotVisible);
    }

    [Fact]
    public async Task BatchesAreSentAndDeletedEntryByEntry()
    {
        var queueUrl = (await Sqs.CreateQueueAsync(new CreateQueueRequest { QueueName = $"test-{Guid.NewGuid():N}" })).QueueUrl;
        var sent = await Sqs.SendMessageBatchAsync(new SendMessageBatchRequest
        {
            QueueUrl = queueUrl,
            Entries = [.. Enumerable.Range(1, 3).Select(i => new SendMessageBatchRequestEntry { Id = $"m{i}", MessageBody = $"body {i}" })],
        });
        Assert.Equal(["m1", "m2", "m3"], sent.Successful.Select(s => s.Id).Order());
        Assert.Empty(sent.Failed);

        var received = new List<Message>();
        for (var attempt = 0; attempt < 5 && received.Count < 3; attempt++)
        {
            received.AddRange((await Sqs.ReceiveMessageAsync(new ReceiveMessageRequest { QueueUrl = queueUrl, MaxNumberOfMessages = 10, WaitTimeSeconds = 2 })).Messages);
        }
        Assert.Equal(["body 1", "body 2", "body 3"], received.Select(m => m.Body).Order());

        var deleted = await Sqs.DeleteMessageBatchAsync(new DeleteMessageBatchRequest
        {
            QueueUrl = queueUrl,
            Entries = [.. received.Select((m, i) => new DeleteMessageBatchRequestEntry { Id = $"d{i}", ReceiptHandle = m.ReceiptHandle })],
        });
        Assert.Equal(3, deleted.Successful.Count);
    }

    [Fact]
    public async Task AMessageReceivedThreeTimesWithoutDeleteMovesToItsDeadLetterQueue()
    {
        // A queue pair of its own: order-events has a consumer (the notification function) that would race the test.
        var deadLetterUrl = (await Sqs.CreateQueueAsync(new CreateQueueRequest { QueueName = $"test-dlq-{Guid.NewGuid():N}" })).QueueUrl;
        var deadLetterArn = (await Sqs.GetQueueAttributesAsync(new GetQueueAttributesRequest { QueueUrl = deadLetterUrl, AttributeNames = ["QueueArn"] })).QueueARN;
        var queueUrl = (await Sqs.CreateQueueAsync(new CreateQueueRequest
        {
            QueueName = $"test-{Guid.NewGuid():N}",
            Attributes = new() { ["RedrivePolicy"] = $$"""{"deadLetterTargetArn":"{{deadLetterArn}}","maxReceiveCount":"3"}""" },
        })).QueueUrl;
        var body = $$"""{"poison":"{{Guid.NewGuid()}}"}""";
        await Sqs.SendMessageAsync(new SendMessageRequest { QueueUrl = queueUrl, MessageBody = body });

        for (var receive = 1; receive <= 3; receive++)
        {
            var message = await ReceiveBodyAsync(queueUrl, body, visibilitySeconds: 1);
            Assert.NotNull(message);
            Assert.Equal(receive.ToString(), message.Attributes["ApproximateReceiveCount"]);
            // Not deleted: the consumer "failed"; the message becomes visible again after one second.
        }

        Assert.Null(await ReceiveBodyAsync(queueUrl, body, visibilitySeconds: 1, waitSeconds: 3));
        var deadLettered = await ReceiveBodyAsync(deadLetterUrl, body, visibilitySeconds: 30);
        Assert.NotNull(deadLettered);
    }

    [Fact]
    public async Task OrderEventsAreDeadLetteredAfterThreeReceives()
    {
        var queueUrl = (await Sqs.GetQueueUrlAsync(new GetQueueUrlRequest { QueueName = SqsQueues.OrderEvents })).QueueUrl;
        var deadLetterUrl = (await Sqs.GetQueueUrlAsync(new GetQueueUrlRequest { QueueName = SqsQueues.OrderEventsDeadLetter })).QueueUrl;
        var deadLetterArn = (await Sqs.GetQueueAttributesAsync(new GetQueueAttributesRequest { QueueUrl = deadLetterUrl, AttributeNames = ["QueueArn"] })).QueueARN;

        var redrive = (await Sqs.GetQueueAttributesAsync(new GetQueueAttributesRequest { QueueUrl = queueUrl })).Attributes["RedrivePolicy"];

        using var policy = System.Text.Json.JsonDocument.Parse(redrive);
        Assert.Equal(deadLetterArn, policy.RootElement.GetProperty("deadLetterTargetArn").GetString());
        Assert.Equal("3", policy.RootElement.GetProperty("maxReceiveCount").ToString());
    }

    [Fact]
    public async Task TheDeadLetterQueueKeepsMessagesForFourteenDays()
    {
        var deadLetterUrl = (await Sqs.GetQueueUrlAsync(new GetQueueUrlRequest { QueueName = SqsQueues.OrderEventsDeadLetter })).QueueUrl;
        var attributes = await Sqs.GetQueueAttributesAsync(new GetQueueAttributesRequest { QueueUrl = deadLetterUrl });
        Assert.Equal((14 * 24 * 3600).ToString(), attributes.Attributes["MessageRetentionPeriod"]);
    }

    [Fact]
    public async Task AnUnknownQueueIsReportedAsQueueDoesNotExist()
    {
        await Assert.ThrowsAsync<QueueDoesNotExistException>(() =>
            Sqs.GetQueueUrlAsync(new GetQueueUrlRequest { QueueName = $"missing-{Guid.NewGuid():N}" }));
    }

    public void Dispose() => _http.Dispose();

    private async Task<Message?> ReceiveBodyAsync(string queueUrl, string body, int visibilitySeconds, int waitSeconds = 10)
    {
        var deadline = DateTime.UtcNow.AddSeconds(waitSeconds);
        while (DateTime.UtcNow < deadline)
        {
            var response = await Sqs.ReceiveMessageAsync(new ReceiveMessageRequest
            {
                QueueUrl = queueUrl,
                VisibilityTimeout = visibilitySeconds,
                WaitTimeSeconds = 1,
                MaxNumberOfMessages = 10,
                MessageSystemAttributeNames = ["ApproximateReceiveCount"],
            });
            if (response.Messages.FirstOrDefault(m => m.Body == body) is { } match)
            {
                return match;
            }
        }
        return null;
    }
}
