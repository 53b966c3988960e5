using System.Globalization;
using Amazon.DynamoDBv2;
using Amazon.DynamoDBv2.Model;
using ECommerce.ServiceDefaults;

namespace ECommerce.Orders.Outbox;

public sealed record OutboxRecord(
    Guid Id, string Kind, Guid OrderId, string? EventType, string? Payload, string? TraceParent,
    bool KafkaDone, bool SqsDone, int Attempts, DateTimeOffset NextAttemptAt);

/// <summary>The relay's view of <c>ecommerce-order-outbox</c>: what is due, and marking progress on it.</summary>
public sealed class OutboxStore(IAmazonDynamoDB dynamoDb, TimeProvider clock)
{
    /// <summary>The oldest pending records, due or not (the relay keeps each order's records in order).</summary>
    public async Task<IReadOnlyList<OutboxRecord>> PendingAsync(int limit, CancellationToken cancellationToken)
    {
        var response = await dynamoDb.QueryAsync(new QueryRequest
        {
            TableName = DynamoDbTables.OrderOutbox,
            IndexName = OutboxRecords.PendingIndex,
            KeyConditionExpression = "pending = :pending",
            ExpressionAttributeValues = new Dictionary<string, AttributeValue> { [":pending"] = new() { S = OutboxRecords.PendingValue } },
            ScanIndexForward = true,
            Limit = limit,
        }, cancellationToken);
        var records = new List<OutboxRecord>();
        foreach (var item in response.Items ?? [])
        {
            if (TryRead(item) is { } record)
            {
                records.Add(record);
            }
            else
            {
                // Not written by this service (or by a version that no longer exists): it can never be carried out,
                // and must not block the records behind it. It stays in the table, out of the pending index.
                await UpdateAsync(item["event_id"].S, "REMOVE pending SET quarantined_at = :now",
                    new() { [":now"] = new() { S = clock.GetUtcNow().ToString("O", CultureInfo.InvariantCulture) } }, cancellationToken);
            }
        }
        return records;
    }

    /// <summary>
    /// What is waiting, per destination: read from the pending index with only the attributes that say where each
    /// record still has to go (a few dozen bytes each), up to <paramref name="limit"/> records.
    /// </summary>
    public async Task<OutboxBacklog> BacklogAsync(int limit, CancellationToken cancellationToken)
    {
        var byDestination = new Dictionary<string, (long Count, DateTimeOffset Oldest)>();
        var observedAt = clock.GetUtcNow();
        Dictionary<string, AttributeValue>? start = null;
        var read = 0;
        do
        {
            var response = await dynamoDb.QueryAsync(new QueryRequest
            {
                TableName = DynamoDbTables.OrderOutbox,
                IndexName = OutboxRecords.PendingIndex,
                KeyConditionExpression = "pending = :pending",
                ExpressionAttributeValues = new Dictionary<string, AttributeValue> { [":pending"] = new() { S = OutboxRecords.PendingValue } },
                ProjectionExpression = "kind, kafka_done, sqs_done, created_at",
                ExclusiveStartKey = start,
                Limit = Math.Min(1_000, limit - read),
            }, cancellationToken);
            foreach (var item in response.Items ?? [])
            {
                if (!item.TryGetValue("kind", out var kind) || !item.TryGetValue("created_at", out var created)
                    || !DateTimeOffset.TryParse(created.S, CultureInfo.InvariantCulture, out var createdAt))
                {
                    continue;
                }
                foreach (var destination in OutboxDestinations.Remaining(kind.S, item.GetValueOrDefault("kafka_done")?.BOOL == true,
                    item.GetValueOrDefault("sqs_done")?.BOOL == true))
                {
                    var (count, oldest) = byDestination.GetValueOrDefault(destination, (0, createdAt));
                    byDestination[destination] = (count + 1, createdAt < oldest ? createdAt : oldest);
                }
            }
            read += response.Items?.Count ?? 0;
            start = response.LastEvaluatedKey is { Count: > 0 } next ? next : null;
        }
        while (start is not null && read < limit);
        return new OutboxBacklog(byDestination, observedAt);
    }

    /// <summary>
    /// The records as they are now, in the order asked for, leaving out those no longer pending. The pending index is
    /// eventually consistent: without this read, a record completed a moment ago could come back from it and be sent
    /// again. One strongly consistent batch read per hundred records.
    /// </summary>
    public async Task<IReadOnlyList<OutboxRecord>> ReloadPendingAsync(IReadOnlyList<Guid> ids, CancellationToken cancellationToken)
    {
        var items = new Dictionary<string, Dictionary<string, AttributeValue>>();
        foreach (var chunk in ids.Chunk(100))
        {
            var keys = chunk.Select(id => new Dictionary<string, AttributeValue> { ["event_id"] = new() { S = id.ToString() } }).ToList();
            for (var attempt = 0; keys.Count > 0; attempt++)
            {
                if (attempt > 0)
                {
                    // Keys the table did not get to (throttling): asked again, after a pause that grows.
                    await Task.Delay(TimeSpan.FromMilliseconds(50 * Math.Min(attempt, 10)), cancellationToken);
                }
                var response = await dynamoDb.BatchGetItemAsync(new BatchGetItemRequest
                {
                    RequestItems = new() { [DynamoDbTables.OrderOutbox] = new KeysAndAttributes { Keys = keys, ConsistentRead = true } },
                }, cancellationToken);
                foreach (var item in response.Responses?.GetValueOrDefault(DynamoDbTables.OrderOutbox) ?? [])
                {
                    items[item["event_id"].S] = item;
                }
                keys = response.UnprocessedKeys?.GetValueOrDefault(DynamoDbTables.OrderOutbox)?.Keys ?? [];
            }
        }
        return ids.Select(id => items.GetValueOrDefault(id.ToString()))
            .Where(item => item is not null && item.ContainsKey("pending"))
            .Select(item => TryRead(item!)).OfType<OutboxRecord>().ToList();
    }

    /// <summary>A record that can never be carried out leaves the pending index, with the reason, for a person to look at.</summary>
    public Task QuarantineAsync(Guid id, string reason, CancellationToken cancellationToken) =>
        UpdateAsync(id, "REMOVE pending SET quarantined_at = :now, last_error = :reason", new()
        {
            [":now"] = new() { S = clock.GetUtcNow().ToString("O", CultureInfo.InvariantCulture) },
            [":reason"] = new() { S = reason },
        }, cancellationToken);

    /// <summary>Done: the record leaves the pending index (and stays, for the record).</summary>
    public Task CompleteAsync(OutboxRecord record, CancellationToken cancellationToken)
    {
        var values = new Dictionary<string, AttributeValue> { [":now"] = new() { S = clock.GetUtcNow().ToString("O", CultureInfo.InvariantCulture) } };
        if (record.Kind != OutboxKinds.Event)
        {
            return UpdateAsync(record.Id, "REMOVE pending SET done_at = :now", values, cancellationToken);
        }
        values[":true"] = new() { BOOL = true };
        return UpdateAsync(record.Id, "REMOVE pending SET done_at = :now, kafka_done = :true, sqs_done = :true", values, cancellationToken);
    }

    /// <summary>Not done yet: the record waits <paramref name="delay"/>, keeping which destinations it already reached.</summary>
    public Task RetryLaterAsync(OutboxRecord record, TimeSpan delay, string error, bool kafkaDone, bool sqsDone, CancellationToken cancellationToken) =>
        UpdateAsync(record.Id, "SET attempts = :attempts, next_attempt_at = :next, last_error = :error, kafka_done = :kafka, sqs_done = :sqs", new()
        {
            [":attempts"] = new() { N = (record.Attempts + 1).ToString(CultureInfo.InvariantCulture) },
            [":next"] = new() { N = (clock.GetUtcNow() + delay).ToUnixTimeMilliseconds().ToString(CultureInfo.InvariantCulture) },
            [":error"] = new() { S = error.Length > 500 ? error[..500] : error },
            [":kafka"] = new() { BOOL = kafkaDone },
            [":sqs"] = new() { BOOL = sqsDone },
        }, cancellationToken);

    private Task UpdateAsync(Guid id, string expression, Dictionary<string, AttributeValue> values, CancellationToken cancellationToken) =>
        UpdateAsync(id.ToString(), expression, values, cancellationToken);

    private Task UpdateAsync(string id, string expression, Dictionary<string, AttributeValue> values, CancellationToken cancellationToken) =>
        dynamoDb.UpdateItemAsync(new UpdateItemRequest
        {
            TableName = DynamoDbTables.OrderOutbox,
            Key = new Dictionary<string, AttributeValue> { ["event_id"] = new() { S = id } },
            UpdateExpression = expression,
            ExpressionAttributeValues = values,
        }, cancellationToken);

    private static OutboxRecord? TryRead(Dictionary<string, AttributeValue> item)
    {
        try
        {
            return FromItem(item);
        }
        catch (Exception exception) when (exception is KeyNotFoundException or FormatException or ArgumentNullException)
        {
            return null;
        }
    }

    private static OutboxRecord FromItem(Dictionary<string, AttributeValue> item) => new(
        Guid.Parse(item["event_id"].S),
        item["kind"].S,
        Guid.Parse(item["order_id"].S),
        item.GetValueOrDefault("event_type")?.S,
        item.GetValueOrDefault("payload")?.S,
        item.GetValueOrDefault("traceparent")?.S,
        item.GetValueOrDefault("kafka_done")?.BOOL == true,
        item.GetValueOrDefault("sqs_done")?.BOOL == true,
        int.Parse(item["attempts"].N, CultureInfo.InvariantCulture),
        DateTimeOffset.FromUnixTimeMilliseconds(long.Parse(item["next_attempt_at"].N, CultureInfo.InvariantCulture)));
}
