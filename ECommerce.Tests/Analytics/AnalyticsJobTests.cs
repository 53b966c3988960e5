extern alias analytics;
using System.Globalization;
using System.Net;
using System.Text;
using Amazon.DynamoDBv2.Model;
using analytics::ECommerce.Analytics.Exports;
using analytics::ECommerce.Analytics.Windows;
using Confluent.Kafka;
using ECommerce.Analytics.Contract;
using ECommerce.Clients.Kafka;
using ECommerce.ServiceDefaults;
using ECommerce.Tests.Harness;

namespace ECommerce.Tests.Analytics;

/// <summary>The analytics job through Kafka, into DynamoDB and S3: the golden vectors, and a live order.</summary>
[Collection(GraphCollection.Name)]
public sealed class AnalyticsJobTests(GraphFixture graph)
{
    private static readonly GoldenVectors Vectors = GoldenVectors.Load();

    [Fact]
    public async Task TheGoldenVectorsThroughKafkaMakeTheExpectedWindowItemsExportsAndDeadLetters()
    {
        Assert.Equal(GraphFixture.AnalyticsGrace, TimeSpan.FromSeconds(Vectors.GraceSeconds));
        using (var producer = new ProducerBuilder<string, byte[]>(KafkaConnection.ProducerConfig(graph.KafkaBrokers)).Build())
        {
            // One key, one partition: the vectors' arrival order is part of what they test.
            foreach (var arrival in Vectors.Arrivals)
            {
                await producer.ProduceAsync(GraphFixture.TestAnalytics.InputTopic, new Message<string, byte[]> { Key = "golden", Value = arrival.Bytes });
            }
        }

        var expected = Vectors.Expected.Windows;
        var items = await Poll.Eventually(() => WindowItemsAsync(expected.Select(w => w.WindowId)), found => found.Count == expected.Count, TimeSpan.FromSeconds(60));
        Assert.True(items.Count == expected.Count, $"{items.Count} of {expected.Count} windows stored; the job says:\n{await graph.ConsoleOfAsync(GraphFixture.TestAnalyticsName)}");
        foreach (var window in expected)
        {
            AssertItem(window, items[window.WindowId]);
        }

        // The exports: each closed hour's minute windows and unique users, each closed day's four files.
        var keys = Vectors.Expected.Exports.Select(e => e.Key)
            .Concat(Vectors.Expected.ClosedHours.Select(h => ExportFiles.MinuteWindowsKey(Periods.ParseHour(h)))).ToList();
        var objects = await Poll.Eventually(() => ReadExportsAsync(keys), found => found.Count == keys.Count, TimeSpan.FromSeconds(30));
        Assert.True(objects.Count == keys.Count, $"missing: {string.Join(", ", keys.Except(objects.Keys))}");
        Assert.All(Vectors.Expected.Exports, expected => expected.AssertMatches(objects[expected.Key]));
        foreach (var hour in Vectors.Expected.ClosedHours.Select(Periods.ParseHour))
        {
            var stored = ExportFiles.ReadMinuteWindows(objects[ExportFiles.MinuteWindowsKey(hour)]).Windows;
            var expectedWindows = expected.Where(w => Periods.HourOf(w.WindowStart) == hour).ToList();
            Assert.Equal(expectedWindows.Select(w => w.WindowId), stored.Select(w => w.WindowId));
            Assert.All(expectedWindows.Zip(stored), pair => GoldenVectors.AssertSame(pair.First, pair.Second));
        }

        var reasons = ReadDeadLetterReasons(Vectors.Expected.DeadLetterReasons.Count);
        Assert.Equal(Vectors.Expected.DeadLetterReasons.Count, reasons.Count);
        Assert.All(Vectors.Expected.DeadLetterReasons.Zip(reasons), pair => Assert.StartsWith(pair.First, pair.Second, StringComparison.Ordinal));
    }

    [Fact]
    public async Task AnOrderPlacedThroughTheGatewayIsInItsMinutesWindowOnceTheMinuteCloses()
    {
        var catalog = await Catalog.AsAdminAsync(graph);
        var product = await catalog.CreateProductAsync(price: 4.25m, stock: 5);
        var shop = graph.Gateway.As((await graph.Accounts.NewCustomerAsync()).Token);
        var order = await shop.PostAsync("/api/v1/orders", new { items = new[] { new { product_id = product, quantity = 2 } } }, Guid.NewGuid().ToString("N"))
            .ExpectAsync(HttpStatusCode.Created);
        var windowId = MinuteWindows.Id(MinuteWindows.StartOf(order.GetProperty("created_at").GetDateTimeOffset()));

        // The minute ends, then the grace period (10 s by default) and a quiet spell or a later event close it.
        var items = await Poll.Eventually(() => WindowItemsAsync([windowId]), found => found.Count == 1, TimeSpan.FromSeconds(100));
        var item = Assert.Single(items).Value;
        Assert.True(int.Parse(item["total_orders"].N, CultureInfo.InvariantCulture) >= 1);
        var line = Assert.Single(item["products"].L, p => p.M["product_id"].S == product.ToString());
        Assert.Equal("2", line.M["units"].N);
        Assert.Equal(8.50m, decimal.Parse(line.M["revenue"].N, CultureInfo.InvariantCulture));

        // What the operator sees of it, on the job's management port.
        var samples = await Poll.Eventually(() => PrometheusScrape.ReadAsync(graph.App.ManagementUrl(ResourceNames.Analytics) + "/metrics"),
            found => found.Any(s => s.Name == "ecommerce_analytics_consumer_lag" && s.Label("topic") == KafkaTopics.Orders), TimeSpan.FromSeconds(15));
        Assert.Contains(samples, s => s.Name == "ecommerce_analytics_events_total" && s.Label("outcome") == "counted" && s.Value >= 1);
        Assert.Contains(samples, s => s.Name == "ecommerce_analytics_windows_emitted_total" && s.Value >= 1);
        Assert.Contains(samples, s => s.Name == "ecommerce_analytics_consumer_lag" && s.Label("topic") == KafkaTopics.Orders && s.Value >= 0);
    }

    private static void AssertItem(WindowResult expected, Dictionary<string, AttributeValue> item)
    {
        decimal Number(string name) => decimal.Parse(item[name].N, CultureInfo.InvariantCulture);
        Assert.Equal(expected.TotalOrders, Number("total_orders"));
        Assert.Equal(expected.UniqueUsers, Number("unique_users"));
        Assert.Equal(expected.TotalRevenue, Number("total_revenue"));
        Assert.Equal(expected.AvgOrderValue, Number("avg_order_value"));
        Assert.Equal(expected.ConfirmedOrders, Number("confirmed_orders"));
        Assert.Equal(expected.CancelledOrders, Number("cancelled_orders"));
        Assert.Equal(
            expected.Products.Select(p => (p.ProductId.ToString(), p.Name, (decimal)p.Units, p.Revenue)),
            item["products"].L.Select(p => (p.M["product_id"].S, p.M["name"].S,
                decimal.Parse(p.M["units"].N, CultureInfo.InvariantCulture), decimal.Parse(p.M["revenue"].N, CultureInfo.InvariantCulture))));
    }

    private async Task<Dictionary<string, Dictionary<string, AttributeValue>>> WindowItemsAsync(IEnumerable<string> windowIds)
    {
        using var dynamoDb = graph.DynamoDb.CreateClient();
        var found = new Dictionary<string, Dictionary<string, AttributeValue>>();
        foreach (var id in windowIds)
        {
            var response = await dynamoDb.GetItemAsync(new GetItemRequest
            {
                TableName = DynamoDbTables.AnalyticsWindows,
                Key = new() { ["window_id"] = new() { S = id } },
                ConsistentRead = true,
            });
            if (response.Item is { Count: > 0 } item)
            {
                found[id] = item;
            }
        }
        return found;
    }

    private async Task<Dictionary<string, byte[]>> ReadExportsAsync(IEnumerable<string> keys)
    {
        using var s3 = graph.Aws.CreateS3Client();
        var found = new Dictionary<string, byte[]>();
        foreach (var key in keys)
        {
            try
            {
                using var response = await s3.GetObjectAsync(S3Buckets.AnalyticsResults, key);
                using var content = new MemoryStream();
                await response.ResponseStream.CopyToAsync(content);
                found[key] = content.ToArray();
            }
            catch (Amazon.S3.AmazonS3Exception exception) when (exception.StatusCode == HttpStatusCode.NotFound)
            {
                // Not written yet.
            }
        }
        return found;
    }

    private List<string> ReadDeadLetterReasons(int count)
    {
        var config = KafkaConnection.ConsumerConfig(graph.KafkaBrokers);
        config.GroupId = $"test-{Guid.NewGuid():N}";
        config.AutoOffsetReset = AutoOffsetReset.Earliest;
        using var consumer = new ConsumerBuilder<string, byte[]>(config).Build();
        consumer.Subscribe(GraphFixture.TestAnalytics.DeadLetterTopic);
        var reasons = new List<string>();
        var deadline = DateTime.UtcNow.AddSeconds(30);
        while (reasons.Count < count && DateTime.UtcNow < deadline)
        {
            if (consumer.Consume(TimeSpan.FromSeconds(1)) is { } message && message.Message.Headers.TryGetLastBytes("dead_letter_reason", out var reason))
            {
                reasons.Add(Encoding.UTF8.GetString(reason));
            }
        }
        consumer.Close();
        return reasons;
    }
}
