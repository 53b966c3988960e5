using Amazon.Runtime;

namespace ECommerce.ServiceDefaults.Aws.Sqs;

// Request and response shapes of the SQS JSON protocol (application/x-amz-json-1.0); property names are the
// wire names, which are also AWSSDK.SQS's model names.

public sealed class MessageAttributeValue
{
    public string DataType { get; set; } = "String";
    public string? StringValue { get; set; }
    public byte[]? BinaryValue { get; set; }
}

public sealed class CreateQueueRequest
{
    public required string QueueName { get; set; }
    public Dictionary<string, string>? Attributes { get; set; }
    public Dictionary<string, string>? Tags { get; set; }
}

public sealed class CreateQueueResponse
{
    public string QueueUrl { get; set; } = "";
}

public sealed class GetQueueUrlRequest
{
    public required string QueueName { get; set; }
    public string? QueueOwnerAWSAccountId { get; set; }
}

public sealed class GetQueueUrlResponse
{
    public string QueueUrl { get; set; } = "";
}

public sealed class GetQueueAttributesRequest
{
    public required string QueueUrl { get; set; }
    public List<string> AttributeNames { get; set; } = ["All"];
}

public sealed class GetQueueAttributesResponse
{
    public Dictionary<string, string> Attributes { get; set; } = [];

    public int ApproximateNumberOfMessages => IntAttribute("ApproximateNumberOfMessages");
    public int ApproximateNumberOfMessagesNotVisible => IntAttribute("ApproximateNumberOfMessagesNotVisible");
    public string? QueueARN => Attributes.GetValueOrDefault("QueueArn");

    private int IntAttribute(string name) => Attributes.TryGetValue(name, out var value) ? int.Parse(value) : 0;
}

public sealed class SetQueueAttributesRequest
{
    public required string QueueUrl { get; set; }
    public Dictionary<string, string> Attributes { get; set; } = [];
}

public sealed class SetQueueAttributesResponse;

public sealed class SendMessageRequest
{
    public required string QueueUrl { get; set; }
    public required string MessageBody { get; set; }
    public int? DelaySeconds { get; set; }
    public Dictionary<string, MessageAttributeValue>? MessageAttributes { get; set; }
    public string? MessageGroupId { get; set; }
    public string? MessageDeduplicationId { get; set; }
}

public sealed class SendMessageResponse
{
    public string MessageId { get; set; } = "";
    public string? MD5OfMessageBody { get; set; }
    public string? SequenceNumber { get; set; }
}

public sealed class SendMessageBatchRequestEntry
{
    public required string Id { get; set; }
    public required string MessageBody { get; set; }
    public int? DelaySeconds { get; set; }
    public Dictionary<string, MessageAttributeValue>? MessageAttributes { get; set; }
    public string? MessageGroupId { get; set; }
    public string? MessageDeduplicationId { get; set; }
}

public sealed class SendMessageBatchRequest
{
    public required string QueueUrl { get; set; }
    public List<SendMessageBatchRequestEntry> Entries { get; set; } = [];
}

public sealed class SendMessageBatchResultEntry
{
    public string Id { get; set; } = "";
    public string MessageId { get; set; } = "";
    public string? MD5OfMessageBody { get; set; }
}

public sealed class BatchResultErrorEntry
{
    public string Id { get; set; } = "";
    public string Code { get; set; } = "";
    public string? Message { get; set; }
    public bool SenderFault { get; set; }
}

public sealed class SendMessageBatchResponse
{
    public List<SendMessageBatchResultEntry> Successful { get; set; } = [];
    public List<BatchResultErrorEntry> Failed { get; set; } = [];
}

public sealed class ReceiveMessageRequest
{
    public required string QueueUrl { get; set; }
    public int? MaxNumberOfMessages { get; set; }
    public int? WaitTimeSeconds { get; set; }
    public int? VisibilityTimeout { get; set; }
    public List<string>? MessageAttributeNames { get; set; }
    public List<string>? MessageSystemAttributeNames { get; set; }
    public string? ReceiveRequestAttemptId { get; set; }
}

public sealed class Message
{
    public string MessageId { get; set; } = "";
    public string ReceiptHandle { get; set; } = "";
    public string Body { get; set; } = "";
    public string? MD5OfBody { get; set; }
    public Dictionary<string, string> Attributes { get; set; } = [];
    public Dictionary<string, MessageAttributeValue> MessageAttributes { get; set; } = [];
}

public sealed class ReceiveMessageResponse
{
    public List<Message> Messages { get; set; } = [];
}

public sealed class DeleteMessageRequest
{
    public required string QueueUrl { get; set; }
    public required string ReceiptHandle { get; set; }
}

public sealed class DeleteMessageResponse;

public sealed class DeleteMessageBatchRequestEntry
{
    public required string Id { get; set; }
    public required string ReceiptHandle { get; set; }
}

public sealed class DeleteMessageBatchRequest
{
    public required string QueueUrl { get; set; }
    public List<DeleteMessageBatchRequestEntry> Entries { get; set; } = [];
}

public sealed class DeleteMessageBatchResultEntry
{
    public string Id { get; set; } = "";
}

public sealed class DeleteMessageBatchResponse
{
    public List<DeleteMessageBatchResultEntry> Successful { get; set; } = [];
    public List<BatchResultErrorEntry> Failed { get; set; } = [];
}

public sealed class ChangeMessageVisibilityRequest
{
    public required string QueueUrl { get; set; }
    public required string ReceiptHandle { get; set; }
    public int VisibilityTimeout { get; set; }
}

public sealed class ChangeMessageVisibilityResponse;

/// <summary>An error answered by SQS; <see cref="AmazonServiceException.ErrorCode"/> is the AWS error code.</summary>
public class AmazonSQSException(string message, string errorCode, System.Net.HttpStatusCode statusCode, string? requestId)
    : AmazonServiceException(message, null, ErrorType.Sender, errorCode, requestId, statusCode);

public sealed class QueueDoesNotExistException(string message, string? requestId)
    : AmazonSQSException(message, "QueueDoesNotExist", System.Net.HttpStatusCode.BadRequest, requestId);
