extern alias analytics;
using System.Globalization;
using System.Net;
using System.Text;
using Amazon.DynamoDBv2.Model;
using analytics::ECommerce.Analytics.Events;
using analytics::ECommerce.Analytics.Exports;
using analytics::ECommerce.Analytics.Output;
using analytics::ECommerce.Analytics.Windows;
using Aspire.Hosting.ApplicationModel;
using Confluent.Kafka;
using ECommerce.Clients.Kafka;
using ECommerce.Contracts.Orders;
using ECommerce.ServiceDefaults;
using ECommerce.Tests.Harness;

namespace ECommerce.Tests.Analytics;

/// <summary>
/// The job run by two instances that share its partitions (a consumer group), one of them killed (SIGKILL) in the
/// middle of a stream and started again: the outputs are byte for byte what one uninterrupted instance makes — which
/// the windowing rules, run alone over the same arrivals, say.
/// </summary>
[Collection(GraphCollection.Name)]
public sealed class AnalyticsRestartTests(GraphFixture graph)
{
    private static readonly AnalyticsStreams Names = GraphFixture.RestartAnalytics;

    [Fact]
    public async Task TwoInstancesOneKilledMidStreamAndStartedAgainWriteWhatOneUninterruptedInstanceWrites()
    {
        var arrivals = Arrivals(count: 1200, start: DateTimeOffset.Parse("2025-06-15T23:50:00Z", CultureInfo.InvariantCulture));
        var expected = Uninterrupted(arrivals);

        // Both instances hold some of the job's tasks (partitions of orders-restart, or the windows').
        foreach (var instance in new[] { GraphFixture.RestartAnalyticsName, GraphFixture.RestartAnalyticsSecondName })
        {
            var tasks = await Poll.Eventually(() => AssignedTasksAsync(instance), found => found.Length > 0, TimeSpan.FromSeconds(60));
            Assert.True(tasks.Length > 0, $"{instance} holds no task:\n{await graph.ConsoleOfAsync(instance, 30)}");
        }

        await ProduceAsync(arrivals[..600]);
        // Mid-stream: once a first window is stored, and with more of the stream still to read.
        await Poll.Eventually(() => StoredAsync(expected.Windows.Take(1)), found => found.Count == 1, TimeSpan.FromSeconds(60));
        var pid = graph.App.ServingProcessId(GraphFixture.RestartAnalyticsName);
        ProcessSignals.Send("KILL", pid);
        await graph.App.ResourceNotifications.WaitForResourceAsync(GraphFixture.RestartAnalyticsName,
            e => e.Snapshot.State?.Text is "Exited" or "Finished" or "FailedToStart").WaitAsync(TimeSpan.FromSeconds(30));
        await ProduceAsync(arrivals[600..]);
        await graph.CommandAsync(GraphFixture.RestartAnalyticsName, KnownResourceCommands.StartCommand);

        var items = await Poll.Eventually(() => StoredAsync(expected.Windows), found => found.Count == expected.Windows.Count, TimeSpan.FromSeconds(90));
        Assert.True(items.Count == expected.Windows.Count,
            $"{items.Count} of {expected.Windows.Count} windows stored; the job says:\n{await graph.ConsoleOfAsync(GraphFixture.RestartAnalyticsName)}");
        foreach (var window in expected.Windows)
        {
            Assert.True(Canonical(WindowWriter.Item(window)) == Canonical(items[window.WindowId]),
                $"window {window.WindowId}: expected {Canonical(WindowWriter.Item(window))}\nstored {Canonical(items[window.WindowId])}\n{await graph.ConsoleOfAsync(GraphFixture.RestartAnalyticsName, 30)}");
        }
        var objects = await Poll.Eventually(() => ReadAsync(expected.Files.Keys), found => found.Count == expected.Files.Count, TimeSpan.FromSeconds(30));
        Assert.Equal(expected.Files.Keys.Order(), objects.Keys.Order());
        Assert.All(expected.Files, file => Assert.True(file.Value.SequenceEqual(objects[file.Key]), $"{file.Key} differs from an uninterrupted run's"));
    }

    /// <summary>
    /// A made-up stream, the same every run: an order a second for twenty minutes across midnight, a few buyers and
    /// products, with some events sent twice and some a few seconds out of order.
    /// </summary>
    private static byte[][] Arrivals(int count, DateTimeOffset start)
    {
        var random = new Random(20250615);
        var users = Enumerable.Range(1, 40).Select(i => new Guid($"00000000-0000-7000-8000-{i:D12}")).ToArray();
        var products = Enumerable.Range(1, 8).Select(i => (Id: new Guid($"00000000-0000-7000-9000-{i:D12}"), Name: $"Product {i}", Price: 1.25m * i)).ToArray();
        var events = new List<OrderEvent>();
        for (var i = 0; i < count; i++)
        {
            var lines = Enumerable.Range(0, random.Next(1, 4)).Select(_ => products[random.Next(products.Length)])
                .DistinctBy(p => p.Id).Select(p => new OrderEventItem(p.Id, p.Name, random.Next(1, 4), p.Price)).ToList();
            var type = random.Next(10) switch { 0 => OrderEventTypes.Confirmed, 1 => OrderEventTypes.Cancelled, _ => OrderEventTypes.Created };
            events.Add(new OrderEvent(new Guid($"00000000-0000-7000-a000-{i:D12}"), type, OrderEvent.CurrentVersion, start.AddSeconds(i),
                new Guid($"00000000-0000-7000-b000-{i:D12}"), users[random.Next(users.Length)], "pending", lines.Sum(l => l.Quantity * l.UnitPrice), lines));
        }
        for (var i = 1; i < events.Count; i += 37)
        {
            (events[i - 1], events[i]) = (events[i], events[i - 1]);
        }
        var arrivals = new List<OrderEvent>();
        for (var i = 0; i < events.Count; i++)
        {
            arrivals.Add(events[i]);
            if (i % 23 == 0 && i > 5)
            {
                arrivals.Add(events[i - 5]);
            }
        }
        return [.. arrivals.Select(e => Encoding.UTF8.GetBytes(e.ToJson()))];
    }

    /// <summary>What a run without interruption makes of the arrivals: the windowing rules alone, then the export files.</summary>
    private static (IReadOnlyList<WindowResult> Windows, Dictionary<string, byte[]> Files) Uninterrupted(byte[][] arrivals)
    {
        var rules = new OpenWindows(GraphFixture.AnalyticsGrace);
        var closed = new List<Closing>();
        foreach (var bytes in arrivals)
        {
            EventReader.TryRead(bytes, out var orderEvent, out _);
            rules.Add(orderEvent!);
            closed.Add(rules.AdvanceTo(orderEvent!.OccurredAt));
        }
        closed.Add(rules.CloseQuiet(DateTimeOffset.UtcNow));
        var windows = closed.SelectMany(c => c.Windows).Select(w => w.ToResult()).ToList();
        var files = new Dictionary<string, byte[]>();
        foreach (var hour in closed.SelectMany(c => c.Hours))
        {
            var ofHour = windows.Where(w => Periods.HourOf(w.WindowStart) == hour).ToList();
            files[ExportFiles.MinuteWindowsKey(hour)] = ExportFiles.MinuteWindows(hour, ofHour).Content;
            files[ExportFiles.UniqueUsersKey(hour)] = ExportFiles.UniqueUsers(hour, ofHour).Content;
        }
        foreach (var file in closed.SelectMany(c => c.Days).SelectMany(day => ExportFiles.Daily(day, windows.Where(w => Periods.DayOf(w.WindowStart) == day))))
        {
            files[file.Key] = file.Content;
        }
        return (windows, files);
    }

    /// <summary>The tasks the instance last said it holds ("Currently assigned active tasks: 0-0,1-0"), from its console.</summary>
    private async Task<string> AssignedTasksAsync(string instance) =>
        System.Text.RegularExpressions.Regex.Matches(await graph.ConsoleOfAsync(instance, 400), @"Currently assigned active tasks: ?(\S*)")
            .LastOrDefault()?.Groups[1].Value ?? "";

    private async Task ProduceAsync(byte[][] events)
    {
        using var producer = new ProducerBuilder<string, byte[]>(KafkaConnection.ProducerConfig(graph.KafkaBrokers)).Build();
        foreach (var value in events)
        {
            // One key, one partition: the arrival order is the one the rules were given.
            producer.Produce(Names.InputTopic, new Message<string, byte[]> { Key = "restart", Value = value });
        }
        producer.Flush(TimeSpan.FromSeconds(30));
    }

    private async Task<Dictionary<string, Dictionary<string, AttributeValue>>> StoredAsync(IEnumerable<WindowResult> windows)
    {
        using var dynamoDb = graph.DynamoDb.CreateClient();
        var found = new Dictionary<string, Dictionary<string, AttributeValue>>();
        foreach (var window in windows)
        {
            var response = await dynamoDb.GetItemAsync(new GetItemRequest
            {
                TableName = DynamoDbTables.AnalyticsWindows,
                Key = new() { ["window_id"] = new() { S = window.WindowId } },
                ConsistentRead = true,
            });
            if (response.Item is { Count: > 0 } item)
            {
                found[window.WindowId] = item;
            }
        }
        return found;
    }

    private async Task<Dictionary<string, byte[]>> ReadAsync(IEnumerable<string> keys)
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

    private static string Canonical(Dictionary<string, AttributeValue> item) =>
        string.Join(";", item.OrderBy(a => a.Key, StringComparer.Ordinal).Select(a => $"{a.Key}={Canonical(a.Value)}"));

    private static string Canonical(AttributeValue value) =>
        value.S is not null ? $"S:{value.S}"
        // DynamoDB keeps a number's value, not its spelling: 1057.50 comes back as 1057.5.
        : value.N is not null ? $"N:{decimal.Parse(value.N, CultureInfo.InvariantCulture).ToString("G29", CultureInfo.InvariantCulture)}"
        : value.L is not null ? $"L:[{string.Join(",", value.L.Select(Canonical))}]"
        : value.M is not null ? $"M:{{{Canonical(value.M)}}}"
        : "?";
}
