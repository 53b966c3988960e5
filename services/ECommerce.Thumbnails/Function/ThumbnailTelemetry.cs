using System.Diagnostics;
using System.Diagnostics.Metrics;
using ECommerce.Lambda.RuntimeSupport;

namespace ECommerce.Thumbnails.Function;

/// <summary>The function's spans (one per image) and figures (<c>ecommerce.thumbnails.*</c>).</summary>
public static class ThumbnailTelemetry
{
    public static readonly ActivitySource Source = new("ECommerce.Thumbnails");

    private static readonly Meter Meter = new("ECommerce.Thumbnails");

    public static readonly SqsFunctionMetrics Function = new(Meter, "ecommerce.thumbnails");

    private static readonly Counter<long> Images =
        Meter.CreateCounter<long>("ecommerce.thumbnails.images", "{image}", "Images handled, by outcome (made, already_made, rejected, skipped).");

    private static readonly Histogram<double> Duration =
        Meter.CreateHistogram<double>("ecommerce.thumbnails.duration", "s", "Time to read an image and write its thumbnails.");

    public static void Handled(string outcome, TimeSpan? duration = null)
    {
        Images.Add(1, new KeyValuePair<string, object?>("outcome", outcome));
        if (duration is { } elapsed)
        {
            Duration.Record(elapsed.TotalSeconds);
        }
    }

    /// <summary>A span for one object of an event; S3 events carry no trace context, so each starts a trace of its own.</summary>
    public static Activity? StartImage(S3EventRecord record)
    {
        var activity = Source.StartActivity("product-images thumbnail", ActivityKind.Consumer);
        activity?.SetTag("aws.s3.bucket", record.S3.Bucket.Name);
        activity?.SetTag("aws.s3.key", record.S3.Object.ObjectKey);
        activity?.SetTag("aws.s3.event", record.EventName);
        return activity;
    }
}
