namespace ECommerce.AppHost.Resources.Aws;

/// <summary>
/// A bucket's event notification: S3 sends an <c>s3:ObjectCreated:*</c> event for each new or replaced object whose
/// key starts with <paramref name="Prefix"/> (and ends with <paramref name="Suffix"/>) to SQS queue
/// <paramref name="Queue"/>, as S3's NotificationConfiguration.QueueConfigurations does.
/// </summary>
public sealed record BucketNotification(string Bucket, string Queue, string Prefix = "", string Suffix = "")
{
    /// <summary>The configuration's id, which S3 puts in each event as <c>configurationId</c>.</summary>
    public string Id => $"{Bucket}-to-{Queue}";

    public bool Matches(string key) => key.StartsWith(Prefix, StringComparison.Ordinal) && key.EndsWith(Suffix, StringComparison.Ordinal);
}

/// <summary>The emulated notification, shown under the emulator in the dashboard with what it has sent.</summary>
public sealed class BucketNotificationResource(string name, FauxqsResource aws, BucketNotification notification)
    : Resource(name), IResourceWithWaitSupport
{
    public FauxqsResource Emulator { get; } = aws;

    public BucketNotification Notification { get; } = notification;
}
