namespace ECommerce.Analytics.Windows;

/// <summary>
/// Keys of the job's output topic: a closed minute is keyed by its id (its value is the window), a closed hour by
/// <c>hour:2026-03-31-23</c> and a closed day by <c>day:2026-03-31</c> (no value: the writer builds their exports).
/// </summary>
public static class OutputKeys
{
    private const string HourPrefix = "hour:";
    private const string DayPrefix = "day:";

    public static string Window(string windowId) => windowId;

    public static string Hour(DateTimeOffset hour) => HourPrefix + Periods.HourName(hour);

    public static string Day(DateTimeOffset day) => DayPrefix + Periods.DayName(day);

    public static bool IsHour(string key, out DateTimeOffset hour) => Is(key, HourPrefix, Periods.ParseHour, out hour);

    public static bool IsDay(string key, out DateTimeOffset day) => Is(key, DayPrefix, Periods.ParseDay, out day);

    private static bool Is(string key, string prefix, Func<string, DateTimeOffset> parse, out DateTimeOffset period)
    {
        period = key.StartsWith(prefix, StringComparison.Ordinal) ? parse(key[prefix.Length..]) : default;
        return period != default;
    }
}
