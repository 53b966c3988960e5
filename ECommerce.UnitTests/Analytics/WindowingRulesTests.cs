extern alias analytics;
using analytics::ECommerce.Analytics;
using analytics::ECommerce.Analytics.Events;
using analytics::ECommerce.Analytics.Exports;
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
        var hours = new List<DateTimeOffset>();
        var days = new List<DateTimeOffset>();
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
            Collect(windows.AdvanceTo(orderEvent!.OccurredAt));
        }
        // The stream goes quiet: the wall clock closes what is left.
        Collect(windows.CloseQuiet(DateTimeOffset.UtcNow));

        Assert.Equal(Vectors.Expected.Outcomes.OrderBy(o => o.Key), outcomes.OrderBy(o => o.Key));
        Assert.Equal(Vectors.Expected.DeadLetterReasons.Count, deadLetters.Count);
        Assert.All(Vectors.Expected.DeadLetterReasons.Zip(deadLetters), pair => Assert.StartsWith(pair.First, pair.Second, StringComparison.Ordinal));
        Assert.Equal(Vectors.Expected.Windows.Select(w => w.WindowId), closed.Select(w => w.WindowId));
        foreach (var (expected, actual) in Vectors.Expected.Windows.Zip(closed))
        {
            GoldenVectors.AssertSame(expected, actual);
        }

        Assert.Equal(Vectors.Expected.ClosedHours, hours.Select(Periods.HourName));
        Assert.Equal(Vectors.Expected.ClosedDays, days.Select(Periods.DayName));

        void Count(string outcome) => outcomes[outcome] = outcomes.GetValueOrDefault(outcome) + 1;

        void Collect(Closing closing)
        {
            closed.AddRange(closing.Windows.Select(w => w.ToResult()));
            hours.AddRange(closing.Hours);
            days.AddRange(closing.Days);
        }
    }

    [Fact]
    public void TheExportsOfTheGoldenWindowsAreTheExpectedFiles()
    {
        var windows = Vectors.Expected.Windows;
        var files = Vectors.Expected.ClosedHours.Select(Periods.ParseHour)
            .Select(hour => ExportFiles.UniqueUsers(hour, [.. windows.Where(w => Periods.HourOf(w.WindowStart) == hour)]))
            .Concat(Vectors.Expected.ClosedDays.Select(Periods.ParseDay)
                .SelectMany(day => ExportFiles.Daily(day, windows.Where(w => Periods.DayOf(w.WindowStart) == day))))
            .ToDictionary(f => f.Key);

        Assert.Equal(Vectors.Expected.Exports.Select(e => e.Key).Order(), files.Keys.Order());
        Assert.All(Vectors.Expected.Exports, expected => expected.AssertMatches(files[expected.Key].Content));
    }

    [Fact]
    public void AnHoursMinuteWindowsFileIsTheSameBytesWhateverOrderItsWindowsCameIn()
    {
        var hour = Periods.ParseHour(Vectors.Expected.ClosedHours[0]);
        var windows = Vectors.Expected.Windows.Where(w => Periods.HourOf(w.WindowStart) == hour).ToList();
        Assert.Equal(ExportFiles.MinuteWindows(hour, windows).Content, ExportFiles.MinuteWindows(hour, Enumerable.Reverse(windows)).Content);
        Assert.Equal(windows.Select(w => w.WindowId), ExportFiles.ReadMinuteWindows(ExportFiles.MinuteWindows(hour, windows).Content).Windows.Select(w => w.WindowId));
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
            return string.Join("\n", windows.AdvanceTo(DateTimeOffset.MaxValue).Windows.Select(w => System.Text.Json.JsonSerializer.Serialize(w.ToResult(), ECommerce.Contracts.ContractJson.Options)));
        }

        Assert.Equal(Run(events), Run(Enumerable.Reverse(events)));
    }

    [Fact]
    public void AQuietStreamClosesOnlyWindowsThatHaveEndedAndMovesTheWatermarkNoFurther()
    {
        var windows = new OpenWindows(TimeSpan.FromSeconds(10));
        var now = DateTimeOffset.Parse("2026-12-01T12:00:30Z", System.Globalization.CultureInfo.InvariantCulture);
        Assert.True(windows.CloseQuiet(now).IsEmpty);
        Assert.Equal(DateTimeOffset.MinValue, windows.Watermark);

        var events = Vectors.Arrivals.Select(a => EventReader.TryRead(a.Bytes, out var e, out _) ? e : null).OfType<ECommerce.Contracts.Orders.OrderEvent>().ToList();
        windows.Add(events[0] with { OccurredAt = now.AddSeconds(-45) });
        windows.Add(events[2] with { OccurredAt = now.AddSeconds(-5) });
        // 11:59 ended at 12:00:00, and its grace at 12:00:10; 12:00 is still running.
        var first = windows.CloseQuiet(now);
        Assert.Equal("2026-12-01T11:59:00Z", MinuteWindows.Id(Assert.Single(first.Windows).Start));
        Assert.Equal(["2026-12-01-11"], first.Hours.Select(Periods.HourName));
        Assert.Equal(now, windows.Watermark);
        Assert.True(windows.CloseQuiet(now.AddSeconds(10)).IsEmpty);
        // An hour later: 12:00 and its hour close.
        var later = windows.CloseQuiet(now.AddHours(1));
        Assert.Equal("2026-12-01T12:00:00Z", MinuteWindows.Id(Assert.Single(later.Windows).Start));
        Assert.Equal(["2026-12-01-12"], later.Hours.Select(Periods.HourName));
        Assert.Equal(now.AddHours(1), windows.Watermark);
        // Days later: the day closes, and the watermark stops at its end (plus grace), not at the wall clock.
        Assert.Equal(["2026-12-01"], windows.CloseQuiet(now.AddDays(3)).Days.Select(Periods.DayName));
        Assert.Equal(DateTimeOffset.Parse("2026-12-02T00:00:10Z", System.Globalization.CultureInfo.InvariantCulture), windows.Watermark);
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
