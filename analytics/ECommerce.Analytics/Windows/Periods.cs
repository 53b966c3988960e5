using System.Globalization;

namespace ECommerce.Analytics.Windows;

/// <summary>UTC hours and days, and their names in the S3 layout (<c>hourly/2026-03-31-23/</c>, <c>daily/2026-03-31/</c>).</summary>
public static class Periods
{
    public static readonly TimeSpan Hour = TimeSpan.FromHours(1);
    public static readonly TimeSpan Day = TimeSpan.FromDays(1);

    public static DateTimeOffset HourOf(DateTimeOffset time) => Floor(time, Hour);

    public static DateTimeOffset DayOf(DateTimeOffset time) => Floor(time, Day);

    public static string HourName(DateTimeOffset hour) => hour.ToUniversalTime().ToString("yyyy-MM-dd-HH", CultureInfo.InvariantCulture);

    public static string DayName(DateTimeOffset day) => day.ToUniversalTime().ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);

    public static DateTimeOffset ParseHour(string name) =>
        DateTimeOffset.ParseExact(name, "yyyy-MM-dd-HH", CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal);

    public static DateTimeOffset ParseDay(string name) =>
        DateTimeOffset.ParseExact(name, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal);

    /// <summary>The start of the <paramref name="unit"/>-long UTC period <paramref name="time"/> falls in.</summary>
    public static DateTimeOffset Floor(DateTimeOffset time, TimeSpan unit)
    {
        var utc = time.ToUniversalTime();
        return new DateTimeOffset(utc.Ticks - utc.Ticks % unit.Ticks, TimeSpan.Zero);
    }
}
