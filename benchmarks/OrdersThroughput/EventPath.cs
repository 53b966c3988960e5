using System.Globalization;
using Amazon.DynamoDBv2;
using Amazon.DynamoDBv2.Model;
using Confluent.Kafka;
using ECommerce.ServiceDefaults;

namespace ECommerce.Benchmarks.Orders;

/// <summary>
/// The asynchronous half of an order under load: the outbox's backlog sampled from the orders service's own gauge
/// while the load runs, and for each accepted order the time from its 201 to its <c>order.created</c> on Kafka (the
/// relay's produce time) and to its notification record (the function's <c>stored_at</c>).
/// </summary>
public sealed class EventPath(HttpClient ordersManagement)
{
    private readonly List<string> _samples = [];

    /// <summary>Samples <c>ecommerce_outbox_backlog</c> every second until <paramref name="stop"/>.</summary>
    public async Task SampleBacklogAsync(CancellationToken stop)
    {
        var second = 0;
        while (!stop.IsCancellationRequested)
        {
            try
            {
                var metrics = await ordersManagement.GetStringAsync("/metrics", stop);
                _samples.Add($"{second}s {Backlog(metrics, "kafka")}/{Backlog(metrics, "sqs")}");
            }
            catch (Exception exception) when (exception is HttpRequestException or OperationCanceledException)
            {
                // Stopped, or the service busy beyond its answer time: one sample fewer.
            }
            second++;
            await Task.Delay(TimeSpan.FromSeconds(1), stop).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
        }
    }

    /// <summary>
    /// Waits (at most <paramref name="timeout"/>) until the outbox gauge shows nothing waiting, then a few seconds for the
    /// consumers behind Kafka and SQS; true when it emptied.
    /// </summary>
    public async Task<bool> WaitForDrainedOutboxAsync(TimeSpan timeout)
    {
        var deadline = DateTime.UtcNow + timeout;
        while (DateTime.UtcNow < deadline)
        {
            try
            {
                var metrics = await ordersManagement.GetStringAsync("/metrics");
                // The stock commits and releases too: they are part of what a paid or cancelled order costs.
                if (Drained(metrics))
                {
                    // The gauge is refreshed every 5 s: one more period, so that a "0" from before the last writes is not taken.
                    await Task.Delay(TimeSpan.FromSeconds(6));
                    metrics = await ordersManagement.GetStringAsync("/metrics");
                    if (Drained(metrics))
                    {
                        return true;
                    }
                }
            }
            catch (Exception exception) when (exception is HttpRequestException or TaskCanceledException)
            {
                // Busy beyond its answer time: ask again.
            }
            await Task.Delay(TimeSpan.FromSeconds(1));
        }
        return false;
    }

    private static bool Drained(string metrics) => new[] { "kafka", "sqs", "products" }.All(destination => Backlog(metrics, destination) == "0");

    public string BacklogSeries => "outbox backlog (kafka/sqs records) each second: " + string.Join(", ", _samples);

    private static string Backlog(string metrics, string destination) =>
        metrics.Split('\n').FirstOrDefault(line => line.StartsWith("ecommerce_outbox_backlog{", StringComparison.Ordinal)
            && line.Contains($"destination=\"{destination}\"", StringComparison.Ordinal))?.Split(' ').ElementAtOrDefault(1) ?? "?";

    /// <summary>Waits (at most <paramref name="timeout"/>) until every order's event is on Kafka and in the notifications table, and prints the delays.</summary>
    public static async Task ReportAsync(string name, IReadOnlyDictionary<Guid, DateTimeOffset> placedAt, string kafka, IAmazonDynamoDB dynamodb, TimeSpan timeout)
    {
        var onKafka = OnKafka(kafka, placedAt, timeout);
        var stored = new Dictionary<Guid, DateTimeOffset>();
        var deadline = DateTime.UtcNow + timeout;
        while (stored.Count < placedAt.Count && DateTime.UtcNow < deadline)
        {
            foreach (var order in placedAt.Keys.Where(o => !stored.ContainsKey(o)))
            {
                var records = await dynamodb.QueryAsync(new QueryRequest
                {
                    TableName = DynamoDbTables.Notifications,
                    KeyConditionExpression = "order_id = :order",
                    ExpressionAttributeValues = new() { [":order"] = new() { S = order.ToString() } },
                });
                if ((records.Items ?? []).FirstOrDefault(r => r.GetValueOrDefault("event_type")?.S == "order.created")?.GetValueOrDefault("stored_at")?.S is { } at)
                {
                    stored[order] = DateTimeOffset.Parse(at, CultureInfo.InvariantCulture);
                }
            }
            if (stored.Count < placedAt.Count)
            {
                await Task.Delay(500);
            }
        }
        Console.WriteLine($"{name}: 201 → Kafka {Delays(placedAt, onKafka)}; 201 → notification record {Delays(placedAt, stored)}");
    }

    private static Dictionary<Guid, DateTimeOffset> OnKafka(string kafka, IReadOnlyDictionary<Guid, DateTimeOffset> placedAt, TimeSpan timeout)
    {
        var config = new ConsumerConfig
        {
            BootstrapServers = kafka,
            GroupId = $"bench-{Guid.NewGuid():N}",
            AutoOffsetReset = AutoOffsetReset.Earliest,
            EnableAutoCommit = false,
        };
        using var consumer = new ConsumerBuilder<string, string>(config).Build();
        consumer.Subscribe(KafkaTopics.Orders);
        var found = new Dictionary<Guid, DateTimeOffset>();
        var deadline = DateTime.UtcNow + timeout;
        while (found.Count < placedAt.Count && DateTime.UtcNow < deadline)
        {
            if (consumer.Consume(TimeSpan.FromMilliseconds(500))?.Message is { } message && Guid.TryParse(message.Key, out var order)
                && placedAt.ContainsKey(order) && !found.ContainsKey(order))
            {
                // The first event of an order is its order.created: the relay keeps each order's events in order.
                found[order] = message.Timestamp.UtcDateTime;
            }
        }
        consumer.Close();
        return found;
    }

    private static string Delays(IReadOnlyDictionary<Guid, DateTimeOffset> placedAt, Dictionary<Guid, DateTimeOffset> arrived)
    {
        var delays = arrived.Select(a => (a.Value - placedAt[a.Key]).TotalMilliseconds).Order().ToList();
        if (delays.Count == 0)
        {
            return "none arrived";
        }
        double At(double p) => delays[Math.Min(delays.Count - 1, (int)(delays.Count * p))];
        var missing = placedAt.Count - delays.Count;
        return $"p50 {At(0.5):0} ms, p99 {At(0.99):0} ms, max {delays[^1]:0} ms" + (missing > 0 ? $" ({missing} of {placedAt.Count} not arrived)" : "");
    }
}
