using System.Net;
using Amazon.S3;
using Amazon.S3.Model;
using ECommerce.Analytics.Windows;
using ECommerce.ServiceDefaults;

namespace ECommerce.Analytics.Exports;

/// <summary>
/// The exports in S3 <c>ecommerce-analytics-results</c>. Each hour's minute windows are the record the rest is made
/// from: a minute is merged into <c>working/{hour}/</c> as it closes; when the hour closes, the complete
/// <c>hourly/{hour}/orders_minute_windows.json</c> and its unique-user count are written from it, and when the day
/// closes the daily files are made from the day's hours — which is also how a past day is rebuilt.
/// </summary>
public sealed class ExportStore(IAmazonS3 s3, ILogger<ExportStore> logger)
{
    public const string Bucket = S3Buckets.AnalyticsResults;

    /// <summary>Adds (or replaces, by id) a closed minute in its hour's file.</summary>
    public async Task AddWindowAsync(WindowResult window, CancellationToken cancellationToken)
    {
        var hour = Periods.HourOf(window.WindowStart);
        var windows = (await ReadAsync(ExportFiles.OpenHourKey(hour), cancellationToken)).Where(w => w.WindowId != window.WindowId).Append(window);
        await PutAsync(ExportFiles.MinuteWindows(hour, windows, open: true), cancellationToken);
    }

    public async Task CloseHourAsync(DateTimeOffset hour, CancellationToken cancellationToken) =>
        await WriteHourAsync(hour, await ReadAsync(ExportFiles.OpenHourKey(hour), cancellationToken), cancellationToken);

    public async Task CloseDayAsync(DateTimeOffset day, CancellationToken cancellationToken)
    {
        var windows = new List<WindowResult>();
        for (var hour = day; hour < day + Periods.Day; hour += Periods.Hour)
        {
            windows.AddRange(await ReadAsync(ExportFiles.MinuteWindowsKey(hour), cancellationToken));
        }
        foreach (var file in ExportFiles.Daily(day, windows))
        {
            await PutAsync(file, cancellationToken);
        }
    }

    /// <summary>Writes a past day's exports again from its hours' minute windows: each hour's files, then the daily files.</summary>
    public async Task RebuildDayAsync(DateTimeOffset day, CancellationToken cancellationToken)
    {
        for (var hour = day; hour < day + Periods.Day; hour += Periods.Hour)
        {
            if (await ReadAsync(ExportFiles.OpenHourKey(hour), cancellationToken) is { Count: > 0 } windows)
            {
                await WriteHourAsync(hour, windows, cancellationToken);
            }
        }
        await CloseDayAsync(day, cancellationToken);
    }

    private async Task WriteHourAsync(DateTimeOffset hour, IReadOnlyList<WindowResult> windows, CancellationToken cancellationToken)
    {
        await PutAsync(ExportFiles.MinuteWindows(hour, windows), cancellationToken);
        await PutAsync(ExportFiles.UniqueUsers(hour, windows), cancellationToken);
    }

    private async Task<IReadOnlyList<WindowResult>> ReadAsync(string key, CancellationToken cancellationToken)
    {
        try
        {
            using var response = await s3.GetObjectAsync(Bucket, key, cancellationToken);
            using var content = new MemoryStream();
            await response.ResponseStream.CopyToAsync(content, cancellationToken);
            return ExportFiles.ReadMinuteWindows(content.ToArray()).Windows;
        }
        catch (AmazonS3Exception exception) when (exception.StatusCode == HttpStatusCode.NotFound)
        {
            return [];
        }
    }

    private async Task PutAsync(ExportFile file, CancellationToken cancellationToken)
    {
        await s3.PutObjectAsync(new PutObjectRequest
        {
            BucketName = Bucket,
            Key = file.Key,
            InputStream = new MemoryStream(file.Content),
            ContentType = file.ContentType,
        }, cancellationToken);
        logger.LogDebug("Wrote {Key} ({Bytes} bytes)", file.Key, file.Content.Length);
    }
}
