using System.Text.Json.Serialization;

namespace ECommerce.Lambda.RuntimeSupport;

// The shapes of Amazon.Lambda.S3Events (absent from the registry copy here), with AWS's JSON names: an S3 event
// notification (version 2.1), as S3 sends it to a function, or as the body of a message it sends to an SQS queue.
// Object keys arrive URL-encoded (a space as '+'): ObjectKey decodes them.

public sealed class S3Event
{
    /// <summary>S3 sends this event alone when a notification to a queue is configured; it has no records.</summary>
    public const string TestEvent = "s3:TestEvent";

    [JsonPropertyName("Records")]
    public List<S3EventRecord>? Records { get; set; }

    /// <summary>Set on S3's test message only.</summary>
    [JsonPropertyName("Event")]
    public string? Event { get; set; }
}

public sealed class S3EventRecord
{
    [JsonPropertyName("eventVersion")]
    public string EventVersion { get; set; } = "2.1";

    [JsonPropertyName("eventSource")]
    public string EventSource { get; set; } = "aws:s3";

    [JsonPropertyName("awsRegion")]
    public string AwsRegion { get; set; } = "";

    [JsonPropertyName("eventTime")]
    public DateTimeOffset EventTime { get; set; }

    /// <summary>For example <c>ObjectCreated:Put</c>.</summary>
    [JsonPropertyName("eventName")]
    public string EventName { get; set; } = "";

    [JsonPropertyName("s3")]
    public S3Entity S3 { get; set; } = new();
}

public sealed class S3Entity
{
    [JsonPropertyName("s3SchemaVersion")]
    public string SchemaVersion { get; set; } = "1.0";

    /// <summary>The name of the bucket's notification configuration that sent the event.</summary>
    [JsonPropertyName("configurationId")]
    public string ConfigurationId { get; set; } = "";

    [JsonPropertyName("bucket")]
    public S3BucketEntity Bucket { get; set; } = new();

    [JsonPropertyName("object")]
    public S3ObjectEntity Object { get; set; } = new();
}

public sealed class S3BucketEntity
{
    [JsonPropertyName("name")]
    public string Name { get; set; } = "";

    [JsonPropertyName("arn")]
    public string Arn { get; set; } = "";
}

public sealed class S3ObjectEntity
{
    /// <summary>URL-encoded, as S3 sends it.</summary>
    [JsonPropertyName("key")]
    public string Key { get; set; } = "";

    [JsonPropertyName("size")]
    public long Size { get; set; }

    [JsonPropertyName("eTag")]
    public string? ETag { get; set; }

    [JsonPropertyName("versionId")]
    public string? VersionId { get; set; }

    /// <summary>Orders the events of one key: a greater sequencer is a later change.</summary>
    [JsonPropertyName("sequencer")]
    public string Sequencer { get; set; } = "";

    [JsonIgnore]
    public string ObjectKey => System.Net.WebUtility.UrlDecode(Key);
}
