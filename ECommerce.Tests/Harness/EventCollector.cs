using System.Text;
using System.Text.Json;
using Confluent.Kafka;
using ECommerce.ServiceDefaults;
using ECommerce.ServiceDefaults.Aws.Sqs;
using ECommerce.ServiceDefaults.Kafka;

namespace ECommerce.Tests.Harness;

public sealed record PublishedEvent(Guid EventId, string EventType, Guid OrderId, string? HeaderEventId);

/// <summary>Reads what the outbox relay published, for the orders a test created: bounded in time, never forever.</summary>
public static class EventCollector
{
    /// <summary>Consumes topic <c>orders</c> from the start until <paramref name="done"/> holds or the time is up.</summary>
    public static List<PublishedEvent> FromKafka(GraphFixture graph, IReadOnlySet<Guid> orderIds, Func<List<PublishedEvent>, bool> done, TimeSpan timeout)
    {
        var config = KafkaConnection.ConsumerConfig(graph.Kafka.ConnectionString!);
        config.GroupId = $"test-{Guid.NewGuid():N}";
        config.AutoOffsetReset = AutoOffsetReset.Earliest;
        config.EnableAutoCommit = false;
        using var consumer = new ConsumerBuilder<string, string>(config).Build();
        consumer.Subscribe(KafkaTopics.Orders);
        var events = new List<PublishedEvent>();
        var deadline = DateTime.UtcNow + timeout;
        while (DateTime.UtcNow < deadline && !done(events))
        {
            var result = consumer.Consume(TimeSpan.FromMilliseconds(500));
            if (result?.Message is { } message && Parse(message.Value, HeaderOf(message, "event_id")) is { } parsed && orderIds.Contains(parsed.OrderId))
            {
                Assert.Equal(parsed.OrderId.ToString(), message.Key);
                events.Add(parsed);
            }
        }
        consumer.Close();
        return events;
    }

    /// <summary>Receives (and deletes) this test's order events from SQS <c>order-events</c>.</summary>
    public static async Task<List<PublishedEvent>> FromSqsAsync(GraphFixture graph, IReadOnlySet<Guid> orderIds,
        Func<List<PublishedEvent>, bool> done, TimeSpan timeout)
    {
        var sqs = graph.Aws.CreateSqsClient(new HttpClient());
        var queueUrl = (await sqs.GetQueueUrlAsync(new GetQueueUrlRequest { QueueName = SqsQueues.OrderEvents })).QueueUrl;
        var events = new List<PublishedEvent>();
        var deadline = DateTime.UtcNow + timeout;
        while (DateTime.UtcNow < deadline && !done(events))
        {
            var received = await sqs.ReceiveMessageAsync(new ReceiveMessageRequest
            {
                QueueUrl = queueUrl, MaxNumberOfMessages = 10, WaitTimeSeconds = 1, VisibilityTimeout = 30, MessageAttributeNames = ["All"],
            });
            foreach (var message in received.Messages)
            {
                if (Parse(message.Body, message.MessageAttributes?.GetValueOrDefault("event_id")?.StringValue) is { } parsed && orderIds.Contains(parsed.OrderId))
                {
                    events.Add(parsed);
                    await sqs.DeleteMessageAsync(new DeleteMessageRequest { QueueUrl = queueUrl, ReceiptHandle = message.ReceiptHandle });
                }
            }
        }
        return events;
    }

    private static string? HeaderOf(Message<string, string> message, string name) =>
        message.Headers?.TryGetLastBytes(name, out var bytes) == true ? Encoding.UTF8.GetString(bytes) : null;

    private static PublishedEvent? Parse(string json, string? headerEventId)
    {
        using var document = JsonDocument.Parse(json);
        var root = document.RootElement;
        return root.TryGetProperty("order_id", out var orderId) && orderId.TryGetGuid(out var id)
            ? new PublishedEvent(root.GetProperty("event_id").GetGuid(), root.GetProperty("event_type").GetString()!, id, headerEventId)
            : null;
    }
}
