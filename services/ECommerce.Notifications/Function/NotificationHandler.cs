using System.Globalization;
using Amazon.DynamoDBv2;
using Amazon.DynamoDBv2.Model;
using ECommerce.Contracts.Orders;
using ECommerce.Lambda.RuntimeSupport;
using Microsoft.Extensions.Logging;
using Polly;

namespace ECommerce.Notifications.Function;

/// <summary>
/// Stores one notification per order event of an SQS batch in DynamoDB <c>notifications</c>. The sort key holds
/// the event id, and the write is conditional on it being new, so a message delivered twice stores one record.
/// A message that is not an order event this version understands is reported as a batch item failure, and only
/// it: the rest of the batch succeeds, and SQS's redrive moves the poison message to the dead-letter queue. When
/// such a message still names its order and event, a record with status "failed" is filed under the order.
/// DynamoDB being down is not the message's fault: the write waits for it within the invocation (<see cref="StoreRetry"/>).
/// </summary>
public sealed class NotificationHandler(IAmazonDynamoDB dynamoDb, string table, TimeProvider clock, ILogger<NotificationHandler> logger)
{
    public const string DefaultTable = "notifications";
    public static readonly TimeSpan Retention = TimeSpan.FromDays(90);

    /// <summary>How many records of a batch are written at once.</summary>
    public const int ParallelWrites = 16;

    private readonly ResiliencePipeline _storeRetry = StoreRetry.Create(clock, logger);

    public async Task<SqsBatchResponse> HandleAsync(SqsEvent batch, CancellationToken cancellationToken)
    {
        // Each record is its own item, conditional on its own event: they are written side by side, not in turn.
        var failures = new List<BatchItemFailure>();
        foreach (var chunk in batch.Records.Chunk(ParallelWrites))
        {
            var handled = await Task.WhenAll(chunk.Select(message => HandleAsync(message, cancellationToken)));
            failures.AddRange(chunk.Where((_, i) => !handled[i]).Select(message => new BatchItemFailure { ItemIdentifier = message.MessageId }));
        }
        return new SqsBatchResponse { BatchItemFailures = failures };
    }

    /// <returns>False when the message is to come again (and, if it keeps failing, to reach the dead-letter queue).</returns>
    private async Task<bool> HandleAsync(SqsMessage message, CancellationToken cancellationToken)
    {
        using var activity = NotificationTracing.StartProcess(message);
        var handled = await HandleInSpanAsync(message, cancellationToken);
        activity?.SetStatus(handled ? System.Diagnostics.ActivityStatusCode.Ok : System.Diagnostics.ActivityStatusCode.Error);
        return handled;
    }

    private async Task<bool> HandleInSpanAsync(SqsMessage message, CancellationToken cancellationToken)
    {
        if (!OrderEvent.TryParse(message.Body, out var orderEvent, out var error))
        {
            logger.LogWarning("Message {MessageId} is not an order event ({Error}); left for the dead-letter queue.", message.MessageId, error);
            if (UnreadableEvent.From(message) is { } unreadable)
            {
                await FileFailureAsync(unreadable, error!, message.MessageId, cancellationToken);
            }
            return false;
        }
        try
        {
            await StoreAsync(orderEvent!, message.MessageId, cancellationToken);
            return true;
        }
        catch (Exception exception) when (StoreFailed(exception, cancellationToken))
        {
            // The store failed, not the message (or stayed down until the invocation's deadline): SQS delivers it again.
            logger.LogError(exception, "Notification for event {EventId} from message {MessageId} not stored; the message will be retried.",
                orderEvent!.EventId, message.MessageId);
            return false;
        }
    }

    private async Task StoreAsync(OrderEvent orderEvent, string messageId, CancellationToken cancellationToken)
    {
        var item = Record(orderEvent.OrderId, orderEvent.EventId, orderEvent.OccurredAt, orderEvent.Sequence, orderEvent.EventType, "processed");
        item["user_id"] = new() { S = orderEvent.UserId.ToString() };
        // A DynamoDB number written from the decimal's own digits: no float on the way.
        item["total_amount"] = new() { N = orderEvent.TotalAmount.ToString(CultureInfo.InvariantCulture) };
        item["items_count"] = new() { N = orderEvent.Items.Sum(i => i.Quantity).ToString(CultureInfo.InvariantCulture) };
        // A failed record filed under the same event (a garbled copy that came first) gives way to the real one.
        if (await _storeRetry.ExecuteAsync(async token => await PutUnlessStoredAsync(item, replacesFailed: true, token), cancellationToken))
        {
            logger.LogInformation("Stored the notification for event {EventId} ({EventType}) of order {OrderId} from message {MessageId}.",
                orderEvent.EventId, orderEvent.EventType, orderEvent.OrderId, messageId);
        }
        else
        {
            logger.LogInformation("Event {EventId} came again in message {MessageId}; its notification is already stored.", orderEvent.EventId, messageId);
        }
    }

    /// <summary>
    /// Files a "failed" notification under the order an unreadable event names, so the order's history shows that
    /// something about it was not handled. The message itself still fails, and ends in the dead-letter queue.
    /// </summary>
    private async Task FileFailureAsync(UnreadableEvent unreadable, string reason, string messageId, CancellationToken cancellationToken)
    {
        var item = Record(unreadable.OrderId, unreadable.EventId, unreadable.OccurredAt, unreadable.Sequence, unreadable.EventType ?? "unknown", "failed");
        item["reason"] = new() { S = reason };
        if (unreadable.UserId is { } userId)
        {
            item["user_id"] = new() { S = userId.ToString() };
        }
        try
        {
            await PutUnlessStoredAsync(item, replacesFailed: false, cancellationToken);
        }
        catch (Exception exception) when (StoreFailed(exception, cancellationToken))
        {
            // Only the record of the failure is lost; the message goes on to the dead-letter queue all the same.
            logger.LogWarning(exception, "The failed notification for message {MessageId} was not filed.", messageId);
        }
    }

    /// <summary>
    /// DynamoDB refused the write, did not answer, or stayed down until the invocation's deadline: a failure of this
    /// message's write alone, never of the whole batch (whose other messages would each spend a receive).
    /// </summary>
    private static bool StoreFailed(Exception exception, CancellationToken invocation) =>
        exception is AmazonDynamoDBException || StoreRetry.IsOutage(exception)
        || (exception is OperationCanceledException && invocation.IsCancellationRequested);

    private Dictionary<string, AttributeValue> Record(Guid orderId, Guid eventId, DateTimeOffset occurredAt, long sequence, string eventType,
        string status) => new()
    {
        // When the record was written: how far the event path lags behind the order (the benchmark reads it).
        ["stored_at"] = new() { S = clock.GetUtcNow().ToString("O", CultureInfo.InvariantCulture) },
        ["order_id"] = new() { S = orderId.ToString() },
        ["timestamp"] = new() { S = SortKey(sequence, occurredAt, eventId) },
        ["sequence"] = new() { N = sequence.ToString(CultureInfo.InvariantCulture) },
        ["event_id"] = new() { S = eventId.ToString() },
        ["event_type"] = new() { S = eventType },
        ["status"] = new() { S = status },
        ["ttl"] = new() { N = (clock.GetUtcNow() + Retention).ToUnixTimeSeconds().ToString(CultureInfo.InvariantCulture) },
    };

    /// <summary>
    /// The table's sort key (named <c>timestamp</c>): an order's notifications in the order its events happened — by
    /// their sequence number, which the order's own transactions assigned, not by the writers' clocks — then the time
    /// (for events written before numbering, 0), unique by the event.
    /// </summary>
    public static string SortKey(long sequence, DateTimeOffset occurredAt, Guid eventId) =>
        $"{sequence:D10}#{occurredAt.UtcDateTime:yyyy-MM-ddTHH:mm:ss.fffffffZ}#{eventId}";

    /// <returns>False when the record was already there: a redelivery stores nothing new.</returns>
    private async Task<bool> PutUnlessStoredAsync(Dictionary<string, AttributeValue> item, bool replacesFailed, CancellationToken cancellationToken)
    {
        var request = new PutItemRequest { TableName = table, Item = item, ConditionExpression = "attribute_not_exists(order_id)" };
        if (replacesFailed)
        {
            request.ConditionExpression += " OR #status = :failed";
            request.ExpressionAttributeNames = new() { ["#status"] = "status" };
            request.ExpressionAttributeValues = new() { [":failed"] = new() { S = "failed" } };
        }
        try
        {
            await dynamoDb.PutItemAsync(request, cancellationToken);
            return true;
        }
        catch (ConditionalCheckFailedException)
        {
            return false;
        }
    }
}
