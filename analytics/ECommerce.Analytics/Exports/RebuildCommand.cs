using ECommerce.Analytics.Windows;
using ECommerce.Clients.S3;

namespace ECommerce.Analytics.Exports;

/// <summary>
/// <c>rebuild yyyy-MM-dd</c>: writes a past day's exports again from its hours' minute windows in S3 (after a fix to
/// how the exports are made, say), without the job or Kafka. S3 is found the way the service finds it
/// (<c>AWS_REGION</c>, <c>AWS_ENDPOINT_URL_S3</c>, the standard credentials).
/// </summary>
public static class RebuildCommand
{
    public static bool Matches(string[] args, out DateTimeOffset day)
    {
        day = default;
        return args is ["rebuild", var name] && DateTimeOffset.TryParseExact(name, "yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture,
            System.Globalization.DateTimeStyles.AssumeUniversal | System.Globalization.DateTimeStyles.AdjustToUniversal, out day);
    }

    public static async Task<int> RunAsync(DateTimeOffset day)
    {
        var builder = Host.CreateApplicationBuilder();
        builder.AddS3Client();
        builder.Services.AddSingleton<ExportStore>();
        using var host = builder.Build();
        Console.WriteLine($"Rebuilding the exports of {Periods.DayName(day)} in s3://{ExportStore.Bucket}/ …");
        await host.Services.GetRequiredService<ExportStore>().RebuildDayAsync(day, CancellationToken.None);
        Console.WriteLine($"Done: hourly/{Periods.DayName(day)}-*/unique_user_count.json and daily/{Periods.DayName(day)}/*.");
        return 0;
    }
}
