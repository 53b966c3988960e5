namespace ECommerce.ServiceDefaults;

/// <summary>
/// Names of the resources in the application graph. The AppHost declares resources with these names and
/// services look up their connection strings and endpoints by them, so a rename happens in one place.
/// </summary>
public static class ResourceNames
{
    public const string Postgres = "postgres";
    public const string Database = "ecommerce";
    public const string Kafka = "kafka";
    public const string DynamoDb = "dynamodb";
    public const string Aws = "aws";

    public const string Gateway = "gateway";
    public const string Users = "users";
    public const string Products = "products";
    public const string Orders = "orders";
    public const string Payments = "payments";
    public const string Notifications = "notifications";
    public const string Thumbnails = "thumbnails";
    public const string Analytics = "analytics";
    public const string Documents = "documents";
}

/// <summary>Kafka topics.</summary>
public static class KafkaTopics
{
    public const string Orders = "orders";

    /// <summary>Closed one-minute windows, as the analytics job emits them.</summary>
    public const string AnalyticsWindows = "analytics-windows";

    /// <summary>Order events analytics could not read, with the reason in a header.</summary>
    public const string AnalyticsDeadLetters = "analytics-dead-letters";
}

/// <summary>
/// The analytics job's Kafka names. Its internal topics are named after the application id; against the local mock
/// cluster the AppHost creates them up front (the mock does not serve topic creation). A second job with other names
/// can run beside the first (the tests run one on a topic of their own).
/// </summary>
public sealed record AnalyticsStreams(string ApplicationId, string InputTopic, string WindowsTopic, string DeadLetterTopic)
{
    /// <summary>Every readable event, keyed by its minute, on one partition: exact unique users need all of a minute in one place.</summary>
    public const string ByMinute = "by-minute";

    /// <summary>The open windows' events and the watermark.</summary>
    public const string WindowStore = "windows";

    public static readonly AnalyticsStreams Default =
        new("ecommerce-analytics", KafkaTopics.Orders, KafkaTopics.AnalyticsWindows, KafkaTopics.AnalyticsDeadLetters);

    public string RepartitionTopic => $"{ApplicationId}-{ByMinute}-repartition";

    public string ChangelogTopic => $"{ApplicationId}-{WindowStore}-changelog";

    public string WriterGroup => $"{ApplicationId}-writer";
}

/// <summary>SQS queues.</summary>
public static class SqsQueues
{
    public const string OrderEvents = "order-events";
    public const string OrderEventsDeadLetter = "order-events-dlq";

    /// <summary>S3 "object created" events of <c>ecommerce-product-images</c>, for the thumbnail function.</summary>
    public const string ProductImageEvents = "product-image-events";
    public const string ProductImageEventsDeadLetter = "product-image-events-dlq";
}

/// <summary>S3 buckets.</summary>
public static class S3Buckets
{
    public const string ProductImages = "ecommerce-product-images";
    public const string OrderDocuments = "ecommerce-order-documents";
    public const string AnalyticsResults = "ecommerce-analytics-results";
}

/// <summary>DynamoDB tables. Their keys, indexes and TTL attributes are declared by the AppHost.</summary>
public static class DynamoDbTables
{
    public const string Sessions = "ecommerce-sessions";
    public const string Carts = "ecommerce-carts";
    public const string Orders = "ecommerce-orders";
    public const string OrderOutbox = "ecommerce-order-outbox";
    public const string Payments = "ecommerce-payments";
    public const string IdempotencyKeys = "ecommerce-idempotency-keys";
    public const string Notifications = "notifications";
    public const string AnalyticsWindows = "analytics-windows";
}
