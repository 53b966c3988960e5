using System.Text;
using System.Text.Json;
using Confluent.Kafka;
using ECommerce.Clients.Kafka;
using ECommerce.ServiceDefaults;

namespace ECommerce.Tests.Harness;

public sealed record PublishedEvent(Guid EventId, string EventType, Guid OrderId, string? HeaderEventId, long Sequence = 0);

/// <summary>Reads what the outbox relay published, for the orders a test created: bounded in time, never forever.</summary>
public static class EventCollector
{
    /// <summary>Consumes topic <c>orders</c> from the start until <paramref name="done"/> holds or the time is up.</summary>
    public static List<PublishedEvent> FromKafka(GraphFixture graph, IReadOnlySet<Guid> orderIds, Func<List<PublishedEvent>, bool> done, TimeSpan timeout)
    {
        using var consumer = FromStart(graph);
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

    /// <summary>The first message on topic <c>orders</c> that <paramref name="match"/> accepts, as it is (key, value, headers).</summary>
    public static Message<string, string> FirstOnKafka(GraphFixture graph, Func<Message<string, string>, bool> match, TimeSpan timeout)
    {
        using var consumer = FromStart(graph);
        try
        {
            var deadline = DateTime.UtcNow + timeout;
            while (DateTime.UtcNow < deadline)
            {
                if (consumer.Consume(TimeSpan.FromMilliseconds(500))?.Message is { } message && match(message))
                {
                    return message;
                }
            }
            throw new TimeoutException($"No such message on {KafkaTopics.Orders} within {timeout}.");
        }
        finally
        {
            consumer.Close();
        }
    }

    // A consumer group of its own, from the topic's start: it sees everything and disturbs no one.
    private static IConsumer<string, string> FromStart(GraphFixture graph)
    {
        var config = KafkaConnection.ConsumerConfig(graph.KafkaBrokers);
        config.GroupId = $"test-{Guid.NewGuid():N}";
        config.AutoOffsetReset = AutoOffsetReset.Earliest;
        config.EnableAutoCommit = false;
        var consumer = new ConsumerBuilder<string, string>(config).Build();
        consumer.Subscribe(KafkaTopics.Orders);
        return consumer;
    }

    /// <summary>
    /// This test's order events as the SQS path delivered them: SQS <c>order-events</c> → the notification function →
    /// one record per event in DynamoDB <c>notifications</c>. (The function consumes the queue; a test reading it too
    /// would race it.)
    /// </summary>
    public static async Task<List<PublishedEvent>> FromNotificationsAsync(GraphFixture graph, IReadOnlySet<Guid> orderIds,
        Func<List<PublishedEvent>, bool> done, TimeSpan timeout)
    {
        var events = new List<PublishedEvent>();
        var deadline = DateTime.UtcNow + timeout;
        while (true)
        {
            events.Clear();
            foreach (var orderId in orderIds)
            {
                events.AddRange((await graph.NotificationsOfAsync(orderId)).Select(r => new PublishedEvent(Guid.Parse(r["event_id"].S), r["event_type"].S, orderId, null,
                    r.TryGetValue("sequence", out var sequence) ? long.Parse(sequence.N, System.Globalization.CultureInfo.InvariantCulture) : 0)));
            }
            if (done(events) || DateTime.UtcNow > deadline)
            {
                return events;
            }
            await Task.Delay(TimeSpan.FromMilliseconds(250));
        }
    }

    private static string? HeaderOf(Message<string, string> message, string name) =>
        message.Headers?.TryGetLastBytes(name, out var bytes) == true ? Encoding.UTF8.GetString(bytes) : null;

    private static PublishedEvent? Parse(string json, string? headerEventId)
    {
        using var document = JsonDocument.Parse(json);
        var root = document.RootElement;
        return root.TryGetProperty("order_id", out var orderId) && orderId.TryGetGuid(out var id)
            ? new PublishedEvent(root.GetProperty("event_id").GetGuid(), root.GetProperty("event_type").GetString()!, id, headerEventId,
                root.TryGetProperty("sequence", out var sequence) ? sequence.GetInt64() : 0)
            : null;
    }
}
