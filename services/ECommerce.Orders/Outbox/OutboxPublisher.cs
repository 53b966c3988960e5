using System.Text;
using Amazon.SQS;
using Amazon.SQS.Model;
using Confluent.Kafka;
using ECommerce.ServiceDefaults;

namespace ECommerce.Orders.Outbox;

/// <summary>
/// Sends a round of outbox events to their two destinations, all at once rather than one after another: every
/// record to Kafka <c>orders</c> concurrently (the producer batches them on the wire; key = order id, event id and
/// trace context in headers), and to SQS <c>order-events</c> ten to a <c>SendMessageBatch</c>. Each record's outcome
/// is its own: the answer maps record ids to the error that stopped them, absent when sent.
/// </summary>
public sealed class OutboxPublisher(IProducer<string, string> kafka, IAmazonSQS sqs, OutboxMetrics metrics)
{
    /// <summary>SQS takes at most ten messages per batch, and at most 256 KiB per batch request.</summary>
    private const int SqsBatchCount = 10;
    private const int SqsBatchBytes = 200 * 1024;

    private string? _queueUrl;

    public async Task<Dictionary<Guid, Exception>> ToKafkaAsync(IReadOnlyList<OutboxRecord> records, CancellationToken cancellationToken)
    {
        var outcomes = await Task.WhenAll(records.Select(async record =>
        {
            using var send = OutboxTracing.StartSend(record, "kafka", KafkaTopics.Orders);
            var headers = new Headers
            {
                { "event_id", Encoding.UTF8.GetBytes(record.Id.ToString()) },
                { "event_type", Encoding.UTF8.GetBytes(record.EventType ?? "") },
            };
            if (OutboxTracing.Propagated(send, record) is { Length: > 0 } traceParent)
            {
                headers.Add("traceparent", Encoding.UTF8.GetBytes(traceParent));
            }
            try
            {
                await kafka.ProduceAsync(KafkaTopics.Orders,
                    new Message<string, string> { Key = record.OrderId.ToString(), Value = record.Payload!, Headers = headers }, cancellationToken);
                return (record.Id, Error: (Exception?)null);
            }
            catch (Exception exception) when (exception is not OperationCanceledException)
            {
                OutboxTracing.Failed(send, exception);
                return (record.Id, Error: exception);
            }
        }));
        return Failures(outcomes, OutboxDestinations.Kafka);
    }

    public async Task<Dictionary<Guid, Exception>> ToSqsAsync(IReadOnlyList<OutboxRecord> records, CancellationToken cancellationToken)
    {
        var outcomes = new List<(Guid Id, Exception? Error)>();
        Exception? unreachable = null;
        foreach (var batch in SqsBatches(records))
        {
            // A batch refused as a whole (the queue unreachable, each attempt after a timeout): the rest would be too,
            // and the round — Kafka's outcomes and the stock settlements with it — would wait for every one of them.
            if (unreachable is not null)
            {
                outcomes.AddRange(batch.Select(record => (record.Id, (Exception?)unreachable)));
                continue;
            }
            var (sent, refusedWhole) = await SendBatchAsync(batch, cancellationToken);
            unreachable = refusedWhole;
            outcomes.AddRange(sent);
        }
        return Failures(outcomes, OutboxDestinations.Sqs);
    }

    /// <returns>Each record's outcome, and the error when the batch was refused as a whole rather than entry by entry.</returns>
    private async Task<(IEnumerable<(Guid, Exception?)> Outcomes, Exception? RefusedWhole)> SendBatchAsync(IReadOnlyList<OutboxRecord> batch,
        CancellationToken cancellationToken)
    {
        var sends = batch.Select(record => OutboxTracing.StartSend(record, "aws_sqs", SqsQueues.OrderEvents)).ToList();
        try
        {
            _queueUrl ??= (await sqs.GetQueueUrlAsync(SqsQueues.OrderEvents, cancellationToken)).QueueUrl;
            var response = await sqs.SendMessageBatchAsync(new SendMessageBatchRequest
            {
                QueueUrl = _queueUrl,
                Entries = batch.Select((record, i) => new SendMessageBatchRequestEntry
                {
                    Id = i.ToString(System.Globalization.CultureInfo.InvariantCulture),
                    MessageBody = record.Payload!,
                    MessageAttributes = Attributes(record, sends[i]),
                }).ToList(),
            }, cancellationToken);
            var failed = (response.Failed ?? []).ToDictionary(f => int.Parse(f.Id, System.Globalization.CultureInfo.InvariantCulture),
                f => (Exception)new AmazonSQSException($"{f.Code}: {f.Message}"));
            foreach (var (index, error) in failed)
            {
                OutboxTracing.Failed(sends[index], error);
            }
            return (batch.Select((record, i) => (record.Id, failed.GetValueOrDefault(i))).ToList(), null);
        }
        catch (Exception exception) when (!cancellationToken.IsCancellationRequested)
        {
            sends.ForEach(send => OutboxTracing.Failed(send, exception));
            return (batch.Select(record => (record.Id, (Exception?)exception)).ToList(), exception);
        }
        finally
        {
            sends.ForEach(send => send?.Dispose());
        }
    }

    private static Dictionary<string, MessageAttributeValue> Attributes(OutboxRecord record, System.Diagnostics.Activity? send)
    {
        var attributes = new Dictionary<string, MessageAttributeValue>
        {
            ["event_id"] = new() { DataType = "String", StringValue = record.Id.ToString() },
            ["event_type"] = new() { DataType = "String", StringValue = record.EventType ?? "" },
        };
        if (OutboxTracing.Propagated(send, record) is { Length: > 0 } traceParent)
        {
            attributes["traceparent"] = new() { DataType = "String", StringValue = traceParent };
        }
        return attributes;
    }

    private static IEnumerable<List<OutboxRecord>> SqsBatches(IReadOnlyList<OutboxRecord> records)
    {
        var batch = new List<OutboxRecord>();
        var bytes = 0;
        foreach (var record in records)
        {
            var size = Encoding.UTF8.GetByteCount(record.Payload ?? "") + 512;
            if (batch.Count == SqsBatchCount || batch.Count > 0 && bytes + size > SqsBatchBytes)
            {
                yield return batch;
                (batch, bytes) = ([], 0);
            }
            batch.Add(record);
            bytes += size;
        }
        if (batch.Count > 0)
        {
            yield return batch;
        }
    }

    private Dictionary<Guid, Exception> Failures(IEnumerable<(Guid Id, Exception? Error)> outcomes, string destination)
    {
        var failures = outcomes.Where(o => o.Error is not null).ToDictionary(o => o.Id, o => o.Error!);
        for (var i = 0; i < failures.Count; i++)
        {
            metrics.Failed(destination);
        }
        return failures;
    }
}
