using Amazon.SQS;
using Amazon.SQS.Model;
using ECommerce.ServiceDefaults;
using ECommerce.Tests.Harness;

namespace ECommerce.Tests.Infrastructure;

[Collection(GraphCollection.Name)]
public sealed class SqsTests(GraphFixture graph) : IDisposable
{

    private readonly AmazonSQSClient _sqs = graph.Aws.CreateSqsClient();

    [Fact]
    public async Task AMessageIsInvisibleDuringItsVisibilityTimeoutThenDeleted()
    {
        var queueUrl = (await _sqs.CreateQueueAsync(new CreateQueueRequest { QueueName = $"test-{Guid.NewGuid():N}" })).QueueUrl;
        var body = $$"""{"event_id":"{{Guid.NewGuid()}}"}""";
        var sent = await _sqs.SendMessageAsync(new SendMessageRequest
        {
            QueueUrl = queueUrl,
            MessageBody = body,
            MessageAttributes = new() { ["event_type"] = new MessageAttributeValue { DataType = "String", StringValue = "order.created" } },
        });
        Assert.False(string.IsNullOrEmpty(sent.MessageId));

        var first = await _sqs.ReceiveMessageAsync(new ReceiveMessageRequest
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

        var whileInvisible = await _sqs.ReceiveMessageAsync(new ReceiveMessageRequest { QueueUrl = queueUrl, WaitTimeSeconds = 1 });
        // AWSSDK v4 leaves a list the answer did not carry null.
        Assert.Empty(whileInvisible.Messages ?? []);

        var again = await _sqs.ReceiveMessageAsync(new ReceiveMessageRequest { QueueUrl = queueUrl, WaitTimeSeconds = 10 });
        var redelivered = Assert.Single(again.Messages);
        Assert.Equal(sent.MessageId, redelivered.MessageId);

        await _sqs.DeleteMessageAsync(new DeleteMessageRequest { QueueUrl = queueUrl, ReceiptHandle = redelivered.ReceiptHandle });
        var attributes = await _sqs.GetQueueAttributesAsync(queueUrl, [QueueAttributeName.All]);
        Assert.Equal(0, attributes.ApproximateNumberOfMessages);
        Assert.Equal(0, attributes.ApproximateNumberOfMessagesNotVisible);
    }

    [Fact]
    public async Task BatchesAreSentAndDeletedEntryByEntry()
    {
        var queueUrl = (await _sqs.CreateQueueAsync(new CreateQueueRequest { QueueName = $"test-{Guid.NewGuid():N}" })).QueueUrl;
        var sent = await _sqs.SendMessageBatchAsync(new SendMessageBatchRequest
        {
            QueueUrl = queueUrl,
            Entries = [.. Enumerable.Range(1, 3).Select(i => new SendMessageBatchRequestEntry { Id = $"m{i}", MessageBody = $"body {i}" })],
        });
        Assert.Equal(["m1", "m2", "m3"], sent.Successful.Select(s => s.Id).Order());
        Assert.Empty(sent.Failed ?? []);

        var received = new List<Message>();
        for (var attempt = 0; attempt < 5 && received.Count < 3; attempt++)
        {
            received.AddRange((await _sqs.ReceiveMessageAsync(new ReceiveMessageRequest { QueueUrl = queueUrl, MaxNumberOfMessages = 10, WaitTimeSeconds = 2 })).Messages ?? []);
        }
        Assert.Equal(["body 1", "body 2", "body 3"], received.Select(m => m.Body).Order());

        var deleted = await _sqs.DeleteMessageBatchAsync(new DeleteMessageBatchRequest
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
        var deadLetterUrl = (await _sqs.CreateQueueAsync(new CreateQueueRequest { QueueName = $"test-dlq-{Guid.NewGuid():N}" })).QueueUrl;
        var deadLetterArn = (await _sqs.GetQueueAttributesAsync(deadLetterUrl, [QueueAttributeName.QueueArn])).QueueARN;
        var queueUrl = (await _sqs.CreateQueueAsync(new CreateQueueRequest
        {
            QueueName = $"test-{Guid.NewGuid():N}",
            Attributes = new() { ["RedrivePolicy"] = $$"""{"deadLetterTargetArn":"{{deadLetterArn}}","maxReceiveCount":"3"}""" },
        })).QueueUrl;
        var body = $$"""{"poison":"{{Guid.NewGuid()}}"}""";
        await _sqs.SendMessageAsync(new SendMessageRequest { QueueUrl = queueUrl, MessageBody = body });

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
    public async Task OrderEventsAreDeadLetteredAfterFiveReceives()
    {
        var queueUrl = (await _sqs.GetQueueUrlAsync(SqsQueues.OrderEvents)).QueueUrl;
        var deadLetterUrl = (await _sqs.GetQueueUrlAsync(SqsQueues.OrderEventsDeadLetter)).QueueUrl;
        var deadLetterArn = (await _sqs.GetQueueAttributesAsync(deadLetterUrl, [QueueAttributeName.QueueArn])).QueueARN;

        var redrive = (await _sqs.GetQueueAttributesAsync(queueUrl, [QueueAttributeName.All])).Attributes["RedrivePolicy"];

        using var policy = System.Text.Json.JsonDocument.Parse(redrive);
        Assert.Equal(deadLetterArn, policy.RootElement.GetProperty("deadLetterTargetArn").GetString());
        Assert.Equal("5", policy.RootElement.GetProperty("maxReceiveCount").ToString());
    }

    [Fact]
    public async Task TheDeadLetterQueueKeepsMessagesForFourteenDays()
    {
        var deadLetterUrl = (await _sqs.GetQueueUrlAsync(SqsQueues.OrderEventsDeadLetter)).QueueUrl;
        var attributes = await _sqs.GetQueueAttributesAsync(deadLetterUrl, [QueueAttributeName.All]);
        Assert.Equal((14 * 24 * 3600).ToString(), attributes.Attributes["MessageRetentionPeriod"]);
    }

    [Fact]
    public async Task AnUnknownQueueIsReportedAsQueueDoesNotExist()
    {
        await Assert.ThrowsAsync<QueueDoesNotExistException>(() => _sqs.GetQueueUrlAsync($"missing-{Guid.NewGuid():N}"));
    }

    public void Dispose() => _sqs.Dispose();

    private async Task<Message?> ReceiveBodyAsync(string queueUrl, string body, int visibilitySeconds, int waitSeconds = 10)
    {
        var deadline = DateTime.UtcNow.AddSeconds(waitSeconds);
        while (DateTime.UtcNow < deadline)
        {
            var response = await _sqs.ReceiveMessageAsync(new ReceiveMessageRequest
            {
                QueueUrl = queueUrl,
                VisibilityTimeout = visibilitySeconds,
                WaitTimeSeconds = 1,
                MaxNumberOfMessages = 10,
                MessageSystemAttributeNames = ["ApproximateReceiveCount"],
            });
            if (response.Messages?.FirstOrDefault(m => m.Body == body) is { } match)
            {
                return match;
            }
        }
        return null;
    }
}
