using System.Collections.Concurrent;
using System.Text.Json;
using Amazon.SQS;
using Amazon.SQS.Model;
using ECommerce.AppHost.Resources.Lambda;
using ECommerce.Tests.Harness;
using Microsoft.Extensions.Logging.Testing;

namespace ECommerce.Tests.Notifications;

/// <summary>The event source mapping on a queue of its own, with a recording function: batches, the event document, deletion.</summary>
[Collection(GraphCollection.Name)]
public sealed class SqsEventSourceMappingTests(GraphFixture graph) : IDisposable
{
    private readonly AmazonSQSClient _sqs = graph.Aws.CreateSqsClient();


    [Fact]
    public async Task MessagesAreGatheredUpToTheBatchSizeSentAsLambdasSqsEventAndOnlyTheSuccessesDeleted()
    {
        var queueUrl = (await _sqs.CreateQueueAsync(new CreateQueueRequest
        {
            QueueName = $"test-esm-{Guid.NewGuid():N}",
            Attributes = new() { ["VisibilityTimeout"] = "60" },
        })).QueueUrl;
        var queueArn = (await _sqs.GetQueueAttributesAsync(queueUrl, [QueueAttributeName.QueueArn])).QueueARN;
        var sent = await _sqs.SendMessageBatchAsync(new SendMessageBatchRequest
        {
            QueueUrl = queueUrl,
            Entries = [.. Enumerable.Range(1, 6).Select(i => new SendMessageBatchRequestEntry
            {
                Id = $"m{i}",
                MessageBody = i == 5 ? "poison" : $"body {i}",
                MessageAttributes = new() { ["event_type"] = new MessageAttributeValue { DataType = "String", StringValue = "order.created" } },
            })],
        });
        var invocations = new ConcurrentQueue<JsonElement>();
        var log = new FakeLogger();
        var mapping = new SqsEventSourceMapping(new SqsEventSource("test", BatchSize: 4, BatchWindow: TimeSpan.FromSeconds(1)),
            _sqs, queueUrl, queueArn, "us-east-1", (payload, _) =>
            {
                var document = JsonDocument.Parse(payload).RootElement.Clone();
                invocations.Enqueue(document);
                var failed = document.GetProperty("Records").EnumerateArray()
                    .Where(r => r.GetProperty("body").GetString() == "poison")
                    .Select(r => new { itemIdentifier = r.GetProperty("messageId").GetString() });
                return Task.FromResult(new InvocationResult(Guid.NewGuid().ToString(), true,
                    JsonSerializer.SerializeToUtf8Bytes(new { batchItemFailures = failed }), null));
            }, log);

        using var stop = new CancellationTokenSource();
        var polling = mapping.RunAsync(pollers: 1, stop.Token);
        await Poll.Eventually(() => Task.FromResult(invocations.Sum(i => i.GetProperty("Records").GetArrayLength())), n => n >= 6, TimeSpan.FromSeconds(30));
        await stop.CancelAsync();
        await polling;

        Assert.Equal([4, 2], invocations.Select(i => i.GetProperty("Records").GetArrayLength()).ToArray());
        var record = invocations.First().GetProperty("Records")[0];
        Assert.Equal("aws:sqs", record.GetProperty("eventSource").GetString());
        Assert.Equal(queueArn, record.GetProperty("eventSourceARN").GetString());
        Assert.Equal("us-east-1", record.GetProperty("awsRegion").GetString());
        Assert.Equal("1", record.GetProperty("attributes").GetProperty("ApproximateReceiveCount").GetString());
        Assert.Equal("order.created", record.GetProperty("messageAttributes").GetProperty("event_type").GetProperty("stringValue").GetString());
        Assert.False(string.IsNullOrEmpty(record.GetProperty("receiptHandle").GetString()));
        Assert.Equal(sent.Successful.Select(e => e.MessageId).Order(),
            invocations.SelectMany(i => i.GetProperty("Records").EnumerateArray()).Select(r => r.GetProperty("messageId").GetString()!).Order());
        // Five deleted; the one reported as failed waits out its visibility timeout.
        var attributes = await _sqs.GetQueueAttributesAsync(queueUrl, [QueueAttributeName.All]);
        Assert.Equal(0, attributes.ApproximateNumberOfMessages);
        Assert.Equal(1, attributes.ApproximateNumberOfMessagesNotVisible);
        Assert.Contains(log.Collector.GetSnapshot(), l => l.Message.Contains("1 reported failed", StringComparison.Ordinal));
    }

    public void Dispose()
    {
        _sqs.Dispose();
    }
}
