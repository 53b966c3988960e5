using System.Globalization;

namespace ECommerce.Analytics.Windows;

/// <summary>
/// Tumbling one-minute windows aligned to UTC minutes: a window holds the events with start ≤ occurred_at &lt; end,
/// and is named by its start in ISO-8601 UTC (<c>2026-12-01T19:35:00Z</c>).
/// </summary>
public static class MinuteWindows
{
    public static readonly TimeSpan Size = TimeSpan.FromMinutes(1);

    public static DateTimeOffset StartOf(DateTimeOffset eventTime) => Periods.Floor(eventTime, Size);

    public static string Id(DateTimeOffset start) => start.ToUniversalTime().ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture);
}
