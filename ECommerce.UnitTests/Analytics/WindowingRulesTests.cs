extern alias analytics;
using analytics::ECommerce.Analytics;
using analytics::ECommerce.Analytics.Events;
using analytics::ECommerce.Analytics.Windows;
using ECommerce.Analytics.Contract;

namespace ECommerce.UnitTests.Analytics;

/// <summary>The windowing rules alone, fed the golden vectors in their arrival order.</summary>
public sealed class WindowingRulesTests
{
    private static readonly GoldenVectors Vectors = GoldenVectors.Load();

    [Fact]
    public void TheGoldenVectorsMakeTheExpectedWindowsOutcomesAndDeadLetters()
    {
        var windows = new OpenWindows(TimeSpan.FromSeconds(Vectors.GraceSeconds));
        var closed = new List<WindowResult>();
        var outcomes = new Dictionary<string, int>();
        var deadLetters = new List<string>();
        foreach (var arrival in Vectors.Arrivals)
        {
            if (!EventReader.TryRead(arrival.Bytes, out var orderEvent, out var reason))
            {
                deadLetters.Add(reason!);
                Count(EventOutcomes.DeadLetter);
                continue;
            }
            Count(windows.Add(orderEvent!));
            closed.AddRange(windows.AdvanceTo(orderEvent!.OccurredAt).Select(w => w.ToResult()));
        }
        // The stream goes quiet: the wall clock closes what is left.
        closed.AddRange(windows.CloseQuiet(DateTimeOffset.UtcNow).Select(w => w.ToResult()));

        Assert.Equal(Vectors.Expected.Outcomes.OrderBy(o => o.Key), outcomes.OrderBy(o => o.Key));
        Assert.Equal(Vectors.Expected.DeadLetterReasons.Count, deadLetters.Count);
        Assert.All(Vectors.Expected.DeadLetterReasons.Zip(deadLetters), pair => Assert.StartsWith(pair.First, pair.Second, StringComparison.Ordinal));
        Assert.Equal(Vectors.Expected.Windows.Select(w => w.WindowId), closed.Select(w => w.WindowId));
        foreach (var (expected, actual) in Vectors.Expected.Windows.Zip(closed))
        {
            GoldenVectors.AssertSame(expected, actual);
        }

        void Count(string outcome) => outcomes[outcome] = outcomes.GetValueOrDefault(outcome) + 1;
    }

    [Fact]
    public void TheResultDoesNotDependOnTheOrderTheWindowsEventsCameIn()
    {
        var events = Vectors.Arrivals.Select(a => EventReader.TryRead(a.Bytes, out var e, out _) ? e : null).OfType<ECommerce.Contracts.Orders.OrderEvent>().ToList();
        string Run(IEnumerable<ECommerce.Contracts.Orders.OrderEvent> order)
        {
            var windows = new OpenWindows(TimeSpan.FromDays(1));
            foreach (var e in order)
            {
                windows.Add(e);
            }
            return string.Join("\n", windows.AdvanceTo(DateTimeOffset.MaxValue).Select(w => System.Text.Json.JsonSerializer.Serialize(w.ToResult(), ECommerce.Contracts.ContractJson.Options)));
        }

        Assert.Equal(Run(events), Run(Enumerable.Reverse(events)));
    }

    [Fact]
    public void AQuietStreamClosesOnlyWindowsThatHaveEndedAndMovesTheWatermarkNoFurther()
    {
        var windows = new OpenWindows(TimeSpan.FromSeconds(10));
        var now = DateTimeOffset.Parse("2026-12-01T12:00:30Z", System.Globalization.CultureInfo.InvariantCulture);
        Assert.Empty(windows.CloseQuiet(now));
        Assert.Equal(DateTimeOffset.MinValue, windows.Watermark);

        var events = Vectors.Arrivals.Select(a => EventReader.TryRead(a.Bytes, out var e, out _) ? e : null).OfType<ECommerce.Contracts.Orders.OrderEvent>().ToList();
        windows.Add(events[0] with { OccurredAt = now.AddSeconds(-45) });
        windows.Add(events[2] with { OccurredAt = now.AddSeconds(-5) });
        // 11:59 ended at 12:00:00, and its grace at 12:00:10; 12:00 is still running.
        Assert.Equal("2026-12-01T11:59:00Z", MinuteWindows.Id(Assert.Single(windows.CloseQuiet(now)).Start));
        Assert.Equal(now, windows.Watermark);
        Assert.Empty(windows.CloseQuiet(now.AddSeconds(10)));
        Assert.Equal("2026-12-01T12:00:00Z", MinuteWindows.Id(Assert.Single(windows.CloseQuiet(now.AddHours(1))).Start));
        Assert.Equal(now.AddSeconds(40), windows.Watermark);
    }

    [Theory]
    [InlineData("2026-03-31T23:58:59.9999999Z", "2026-03-31T23:58:00Z")]
    [InlineData("2026-03-31T23:59:00Z", "2026-03-31T23:59:00Z")]
    [InlineData("2026-04-01T01:59:30+02:00", "2026-03-31T23:59:00Z")]
    public void AWindowIsTheUtcMinuteStartInclusiveEndExclusive(string occurredAt, string windowId) =>
        Assert.Equal(windowId, MinuteWindows.Id(MinuteWindows.StartOf(DateTimeOffset.Parse(occurredAt, System.Globalization.CultureInfo.InvariantCulture))));

    [Theory]
    [InlineData("0.005", "0.01")]
    [InlineData("-0.005", "-0.01")]
    [InlineData("53.5", "53.50")]
    public void MoneyIsRoundedToCentsHalvesAwayFromZeroAndWrittenWithTwoDecimals(string amount, string written) =>
        Assert.Equal(written, Money.Round(decimal.Parse(amount, System.Globalization.CultureInfo.InvariantCulture)).ToString(System.Globalization.CultureInfo.InvariantCulture));
}
