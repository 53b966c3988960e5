using System.Text.Json.Serialization;

namespace ECommerce.Lambda.RuntimeSupport;

// The shapes of Amazon.Lambda.SQSEvents (absent from the registry copy here), with AWS's own JSON names: the
// function receives exactly what Lambda's SQS event source sends, and answers with ReportBatchItemFailures.

public sealed class SqsEvent
{
    [JsonPropertyName("Records")]
    public List<SqsMessage> Records { get; set; } = [];
}

public sealed class SqsMessage
{
    [JsonPropertyName("messageId")]
    public string MessageId { get; set; } = "";

    [JsonPropertyName("receiptHandle")]
    public string ReceiptHandle { get; set; } = "";

    [JsonPropertyName("body")]
    public string Body { get; set; } = "";

    [JsonPropertyName("attributes")]
    public Dictionary<string, string> Attributes { get; set; } = [];

    [JsonPropertyName("messageAttributes")]
    public Dictionary<string, SqsMessageAttribute> MessageAttributes { get; set; } = [];

    [JsonPropertyName("eventSource")]
    public string EventSource { get; set; } = "aws:sqs";

    [JsonPropertyName("eventSourceARN")]
    public string EventSourceArn { get; set; } = "";

    [JsonPropertyName("awsRegion")]
    public string AwsRegion { get; set; } = "";
}

public sealed class SqsMessageAttribute
{
    [JsonPropertyName("stringValue")]
    public string? StringValue { get; set; }

    [JsonPropertyName("dataType")]
    public string DataType { get; set; } = "String";
}

public sealed class SqsBatchResponse
{
    [JsonPropertyName("batchItemFailures")]
    public List<BatchItemFailure> BatchItemFailures { get; set; } = [];
}

public sealed class BatchItemFailure
{
    [JsonPropertyName("itemIdentifier")]
    public string ItemIdentifier { get; set; } = "";
}
