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
        await ProduceGoldenVectorsAsync();

        var expected = Vectors.Expected.Windows;
        var items = await Poll.Eventually(() => graph.WindowItemsAsync(expected.Select(w => w.WindowId)), found => found.Count == expected.Count, TimeSpan.FromSeconds(60));
        // The job's console (a read of two seconds) goes into a failure's message only.
        if (items.Count != expected.Count)
        {
            Assert.Fail($"{items.Count} of {expected.Count} windows stored; the job says:\n{await graph.ConsoleOfAsync(GraphFixture.TestAnalyticsName)}");
        }
        foreach (var window in expected)
        {
            AssertItem(window, items[window.WindowId]);
        }

        // The exports: each closed hour's minute windows and unique users, each closed day's four files.
        var keys = Vectors.Expected.Exports.Select(e => e.Key)
            .Concat(Vectors.Expected.ClosedHours.Select(h => ExportFiles.MinuteWindowsKey(Periods.ParseHour(h)))).ToList();
        var objects = await Poll.Eventually(() => graph.ExportsAsync(keys), found => found.Count == keys.Count, TimeSpan.FromSeconds(30));
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

        // The same events delivered again, whole: each is now late (or a dead letter again), and nothing written changes.
        var late = await EventsAsync("late");
        await ProduceGoldenVectorsAsync();
        var readable = Vectors.Arrivals.Count - Vectors.Expected.DeadLetterReasons.Count;
        Assert.True(await Poll.Eventually(() => EventsAsync("late"), count => count >= late + readable, TimeSpan.FromSeconds(30)) >= late + readable);
        var itemsAgain = await graph.WindowItemsAsync(expected.Select(w => w.WindowId));
        Assert.All(expected, w => Assert.Equal(AnalyticsOutputs.Canonical(items[w.WindowId]), AnalyticsOutputs.Canonical(itemsAgain[w.WindowId])));
        var objectsAgain = await graph.ExportsAsync(keys);
        Assert.All(keys, key => Assert.Equal(objects[key], objectsAgain[key]));

        // The rebuild command writes a lost day's exports again, the same bytes.
        var summary = $"daily/{Vectors.Expected.ClosedDays[0]}/orders_summary.json";
        using (var s3 = graph.Aws.CreateS3Client())
        {
            await s3.DeleteObjectAsync(S3Buckets.AnalyticsResults, summary);
        }
        var (exitCode, output) = await RebuildAsync(Vectors.Expected.ClosedDays[0]);
        Assert.True(exitCode == 0, output);
        Assert.Equal(objects[summary], (await graph.ExportsAsync([summary]))[summary]);
    }

    [Fact]
    public async Task AnOrderPlacedThroughTheGatewayIsInItsMinutesWindowOnceTheMinuteCloses()
    {
        var catalog = await Catalog.AsAdminAsync(graph);
        var product = await catalog.CreateProductAsync(price: 4.25m, stock: 5);
        var shop = graph.Gateway.As((await graph.Accounts.NewCustomerAsync()).Token);
        var order = await shop.PostAsync("/api/v1/orders", OrderRequests.For(product, 2), Guid.NewGuid().ToString("N"))
            .ExpectAsync(HttpStatusCode.Created);
        var windowId = MinuteWindows.Id(MinuteWindows.StartOf(order.GetProperty("created_at").GetDateTimeOffset()));

        // The minute ends, then the grace period (10 s by default) and a quiet spell or a later event close it.
        var items = await Poll.Eventually(() => graph.WindowItemsAsync([windowId]), found => found.Count == 1, TimeSpan.FromSeconds(100));
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

    private async Task ProduceGoldenVectorsAsync()
    {
        using var producer = new ProducerBuilder<string, byte[]>(KafkaConnection.ProducerConfig(graph.KafkaBrokers)).Build();
        // One key, one partition: the vectors' arrival order is part of what they test.
        foreach (var arrival in Vectors.Arrivals)
        {
            await producer.ProduceAsync(GraphFixture.TestAnalytics.InputTopic, new Message<string, byte[]> { Key = "golden", Value = arrival.Bytes });
        }
    }

    /// <summary>How many events the test job has counted with that outcome, from its metrics.</summary>
    private async Task<double> EventsAsync(string outcome) =>
        (await PrometheusScrape.ReadAsync(graph.App.ManagementUrl(GraphFixture.TestAnalyticsName) + "/metrics"))
            .Where(s => s.Name == "ecommerce_analytics_events_total" && s.Label("outcome") == outcome).Sum(s => s.Value);

    /// <summary>Runs the job's <c>rebuild</c> command from its build output, against the test graph's S3.</summary>
    private async Task<(int ExitCode, string Output)> RebuildAsync(string day)
    {
        // The test's own output is bin/{configuration}/{framework}: the job was built alike.
        var framework = new DirectoryInfo(AppContext.BaseDirectory);
        var job = Path.Combine(GoldenVectors.RepositoryRoot(), "analytics", "ECommerce.Analytics", "bin", framework.Parent!.Name, framework.Name, "ECommerce.Analytics.dll");
        var start = new System.Diagnostics.ProcessStartInfo("dotnet", [job, "rebuild", day]) { RedirectStandardOutput = true, RedirectStandardError = true };
        start.Environment["AWS_ENDPOINT_URL_S3"] = graph.Aws.Endpoint.Url;
        start.Environment["AWS_REGION"] = AppHost.Resources.Aws.FauxqsResource.Region;
        start.Environment["AWS_ACCESS_KEY_ID"] = "local";
        start.Environment["AWS_SECRET_ACCESS_KEY"] = "local";
        using var process = System.Diagnostics.Process.Start(start)!;
        var output = await process.StandardOutput.ReadToEndAsync() + await process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync();
        return (process.ExitCode, output);
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
