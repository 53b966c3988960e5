extern alias analytics;
using System.Globalization;
using System.Text;
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

        // Both instances hold some of the job's tasks (partitions of orders-restart, or the windows'): their consoles
        // are followed as they are written, rather than read again and again.
        foreach (var instance in new[] { GraphFixture.RestartAnalyticsName, GraphFixture.RestartAnalyticsSecondName })
        {
            await graph.App.LogUntilAsync(instance, lines => AssignedTasks(lines).Length > 0, TimeSpan.FromSeconds(60));
        }

        // The stream flows steadily (about 50 events a second of wall clock), as a shop's would: a pause while the job
        // has read everything would be a quiet shop, whose minutes the wall clock rightly closes.
        var producing = ProduceSteadilyAsync(arrivals);
        await Poll.Eventually(() => graph.WindowItemsAsync(expected.Windows.Take(1).Select(w => w.WindowId)), found => found.Count == 1, TimeSpan.FromSeconds(60));
        Assert.False(producing.IsCompleted, "the stream ended before the kill: produce it more slowly");
        ProcessSignals.Send("KILL", graph.App.ServingProcessId(GraphFixture.RestartAnalyticsName));
        await graph.WaitUntilStoppedAsync(GraphFixture.RestartAnalyticsName);
        await graph.CommandAsync(GraphFixture.RestartAnalyticsName, KnownResourceCommands.StartCommand);
        await producing;

        var items = await Poll.Eventually(() => graph.WindowItemsAsync(expected.Windows.Select(w => w.WindowId)), found => found.Count == expected.Windows.Count, TimeSpan.FromSeconds(90));
        // The instances' consoles (two seconds each to read) go into a failure's message only.
        if (items.Count != expected.Windows.Count)
        {
            Assert.Fail($"{items.Count} of {expected.Windows.Count} windows stored; the instances say:\n{await WindowsLogAsync(GraphFixture.RestartAnalyticsName)}\n"
                + $"{await WindowsLogAsync(GraphFixture.RestartAnalyticsSecondName)}\n{await graph.ConsoleOfAsync(GraphFixture.RestartAnalyticsSecondName, 40)}");
        }
        var differing = expected.Windows.Where(w => AnalyticsOutputs.Canonical(WindowWriter.Item(w)) != AnalyticsOutputs.Canonical(items[w.WindowId])).ToList();
        if (differing.Count > 0)
        {
            Assert.Fail(string.Concat(differing.Select(w => $"window {w.WindowId}: expected {AnalyticsOutputs.Canonical(WindowWriter.Item(w))}\nstored {AnalyticsOutputs.Canonical(items[w.WindowId])}\n"))
                + $"{await WindowsLogAsync(GraphFixture.RestartAnalyticsName)}\n{await WindowsLogAsync(GraphFixture.RestartAnalyticsSecondName)}");
        }
        var objects = await Poll.Eventually(() => graph.ExportsAsync(expected.Files.Keys), found => found.Count == expected.Files.Count, TimeSpan.FromSeconds(30));
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

    private async Task<string> WindowsLogAsync(string instance) =>
        $"{instance}:\n" + string.Join("\n", (await graph.ConsoleOfAsync(instance, 3000)).Split('\n')
            .Where(l => l.Contains("Windows task", StringComparison.Ordinal) || l.Contains("Quiet:", StringComparison.Ordinal)
                || l.Contains("assigned active tasks", StringComparison.Ordinal) || l.Contains("fail", StringComparison.Ordinal) || l.Contains("State transition from", StringComparison.Ordinal)));

    /// <summary>The tasks an instance last said it holds ("Currently assigned active tasks: 0-0,1-0"), from its console's lines.</summary>
    private static string AssignedTasks(IReadOnlyList<LogLine> lines) =>
        lines.Select(l => System.Text.RegularExpressions.Regex.Match(l.Content, @"Currently assigned active tasks: ?(\S*)"))
            .LastOrDefault(m => m.Success)?.Groups[1].Value ?? "";

    private async Task ProduceSteadilyAsync(byte[][] events)
    {
        using var producer = new ProducerBuilder<string, byte[]>(KafkaConnection.ProducerConfig(graph.KafkaBrokers)).Build();
        foreach (var chunk in events.Chunk(10))
        {
            foreach (var value in chunk)
            {
                // One key, one partition: the arrival order is the one the rules were given.
                producer.Produce(Names.InputTopic, new Message<string, byte[]> { Key = "restart", Value = value });
            }
            await Task.Delay(200);
        }
        producer.Flush(TimeSpan.FromSeconds(30));
    }
}
