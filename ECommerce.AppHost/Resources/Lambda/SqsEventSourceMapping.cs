using System.Diagnostics;
using System.Text.Json;
using System.Text.Json.Nodes;
using Amazon.SQS;
using Amazon.SQS.Model;
using Microsoft.Extensions.Logging;

namespace ECommerce.AppHost.Resources.Lambda;

/// <summary>How Lambda reads a queue for a function (an event source mapping's settings).</summary>
/// <param name="BatchSize">The most messages in one invocation (1–10,000).</param>
/// <param name="BatchWindow">How long to gather messages before invoking with fewer than <paramref name="BatchSize"/> (0–300 s).</param>
/// <param name="ReportBatchItemFailures">The function answers which messages failed; the others are deleted.</param>
public sealed record SqsEventSource(string Queue, int BatchSize = 10, TimeSpan BatchWindow = default, bool ReportBatchItemFailures = true)
{
    public void Validate()
    {
        if (BatchSize is < 1 or > 10_000)
        {
            throw new ArgumentOutOfRangeException(nameof(BatchSize), BatchSize, "An SQS event source takes batches of 1 to 10,000 messages.");
        }
        if (BatchWindow < TimeSpan.Zero || BatchWindow > TimeSpan.FromSeconds(300))
        {
            throw new ArgumentOutOfRangeException(nameof(BatchWindow), BatchWindow, "The batching window is 0 to 300 seconds.");
        }
        if (BatchSize > 10 && BatchWindow < TimeSpan.FromSeconds(1))
        {
            throw new ArgumentOutOfRangeException(nameof(BatchWindow), BatchWindow, "Batches over 10 messages need a batching window of at least 1 second.");
        }
    }
}

/// <summary>
/// Lambda's SQS event source, emulated: pollers (as many as the function may run at once) long-poll the queue,
/// gather a batch (up to the batch size, or until the batching window closes), invoke the function with Lambda's SQS
/// event document, and delete what succeeded. What failed is left alone: it becomes visible again when its
/// visibility timeout ends, and the queue's redrive policy moves it to the dead-letter queue after maxReceiveCount
/// receives. With ReportBatchItemFailures, the function's <c>batchItemFailures</c> names the failures; a response
/// that names an unknown or empty id fails the whole batch, as in Lambda.
/// </summary>
public sealed class SqsEventSourceMapping(
    SqsEventSource source,
    IAmazonSQS sqs,
    string queueUrl,
    string queueArn,
    string region,
    Func<byte[], CancellationToken, Task<InvocationResult>> invoke,
    ILogger log)
{
    private const int LongPollSeconds = 20;

    /// <summary>
    /// Gathering stops past this many bytes of bodies: one more receive (10 messages of at most 256 KiB) still keeps
    /// the event under Lambda's 6 MB invocation payload.
    /// </summary>
    private const int GatherBytes = 3 * 1024 * 1024;
    private static readonly List<string> AllAttributes = ["All"];

    public SqsEventSource Source { get; } = source;

    /// <summary>Runs <paramref name="pollers"/> pollers until <paramref name="stopping"/> is cancelled.</summary>
    public Task RunAsync(int pollers, CancellationToken stopping) =>
        Task.WhenAll(Enumerable.Range(0, pollers).Select(_ => Task.Run(() => PollAsync(stopping), CancellationToken.None)));

    private async Task PollAsync(CancellationToken stopping)
    {
        var failures = 0;
        while (!stopping.IsCancellationRequested)
        {
            try
            {
                var batch = await GatherAsync(stopping);
                if (batch.Count > 0)
                {
                    await InvokeAsync(batch, stopping);
                }
                failures = 0;
            }
            catch (OperationCanceledException) when (stopping.IsCancellationRequested)
            {
                return;
            }
            catch (Exception exception)
            {
                // The queue is unreachable (or answered nonsense): say so once, then keep trying quietly. A poller
                // that gave up would stop the function's traffic without a word.
                if (failures++ == 0)
                {
                    log.LogWarning("event source: cannot poll {Queue} ({Error}: {Message}); retrying", Source.Queue, exception.GetType().Name, exception.GetBaseException().Message);
                }
                await Task.Delay(TimeSpan.FromSeconds(1), stopping).ContinueWith(_ => { }, TaskScheduler.Default);
            }
        }
    }

    private async Task<List<Message>> GatherAsync(CancellationToken stopping)
    {
        var batch = await ReceiveAsync(Source.BatchSize, LongPollSeconds, stopping);
        if (batch.Count == 0)
        {
            return batch;
        }
        var windowCloses = Stopwatch.StartNew();
        while (batch.Count < Source.BatchSize && windowCloses.Elapsed < Source.BatchWindow && batch.Sum(m => m.Body.Length) <= GatherBytes)
        {
            var wait = (int)Math.Clamp(Math.Ceiling((Source.BatchWindow - windowCloses.Elapsed).TotalSeconds), 0, LongPollSeconds);
            var more = await ReceiveAsync(Source.BatchSize - batch.Count, wait, stopping);
            batch.AddRange(more);
            if (more.Count == 0 && wait == 0)
            {
                break;
            }
        }
        return batch;
    }

    private async Task<List<Message>> ReceiveAsync(int wanted, int waitSeconds, CancellationToken stopping)
    {
        var response = await sqs.ReceiveMessageAsync(new ReceiveMessageRequest
        {
            QueueUrl = queueUrl,
            MaxNumberOfMessages = Math.Min(wanted, 10),
            WaitTimeSeconds = waitSeconds,
            MessageSystemAttributeNames = AllAttributes,
            MessageAttributeNames = AllAttributes,
        }, stopping);
        // AWSSDK v4 answers an empty receive with no list at all.
        return response.Messages ?? [];
    }

    private async Task InvokeAsync(List<Message> batch, CancellationToken stopping)
    {
        var clock = Stopwatch.StartNew();
        var result = await invoke(EventDocument(batch), stopping);
        var failed = !result.Succeeded ? batch.Select(m => m.MessageId).ToHashSet()
            : Source.ReportBatchItemFailures ? FailedItems(result.Body, batch)
            : [];
        var done = batch.Where(m => !failed.Contains(m.MessageId)).ToList();
        foreach (var chunk in done.Chunk(10))
        {
            var deleted = await sqs.DeleteMessageBatchAsync(new DeleteMessageBatchRequest
            {
                QueueUrl = queueUrl,
                Entries = chunk.Select((m, i) => new DeleteMessageBatchRequestEntry { Id = i.ToString(), ReceiptHandle = m.ReceiptHandle }).ToList(),
            }, CancellationToken.None);
            // A receipt that expired meanwhile (the batch outlived the visibility timeout): the message comes again,
            // and the function, being idempotent, stores nothing new.
            foreach (var failure in deleted.Failed ?? [])
            {
                log.LogWarning("event source: could not delete message {MessageId} ({Code}); it will be delivered again", chunk[int.Parse(failure.Id)].MessageId, failure.Code);
            }
        }
        var outcome = result.Succeeded ? $"{failed.Count} reported failed" : $"failed with {result.ErrorType}";
        log.LogInformation("event source: {Queue} → invocation {RequestId}: {Count} message(s), {Outcome}, {Deleted} deleted ({Elapsed} ms)", Source.Queue, result.RequestId, batch.Count, outcome, done.Count, clock.ElapsedMilliseconds);
    }

    private byte[] EventDocument(List<Message> batch)
    {
        var records = new JsonArray();
        foreach (var message in batch)
        {
            var attributes = new JsonObject();
            foreach (var (name, value) in message.Attributes ?? [])
            {
                attributes[name] = value;
            }
            var messageAttributes = new JsonObject();
            foreach (var (name, value) in message.MessageAttributes ?? [])
            {
                messageAttributes[name] = new JsonObject
                {
                    ["stringValue"] = value.StringValue,
                    ["binaryValue"] = value.BinaryValue is null ? null : Convert.ToBase64String(value.BinaryValue.ToArray()),
                    ["stringListValues"] = new JsonArray(),
                    ["binaryListValues"] = new JsonArray(),
                    ["dataType"] = value.DataType,
                };
            }
            records.Add(new JsonObject
            {
                ["messageId"] = message.MessageId,
                ["receiptHandle"] = message.ReceiptHandle,
                ["body"] = message.Body,
                ["attributes"] = attributes,
                ["messageAttributes"] = messageAttributes,
                ["md5OfBody"] = message.MD5OfBody,
                ["eventSource"] = "aws:sqs",
                ["eventSourceARN"] = queueArn,
                ["awsRegion"] = region,
            });
        }
        return JsonSerializer.SerializeToUtf8Bytes(new JsonObject { ["Records"] = records });
    }

    /// <summary>
    /// The ids the function reported as failed. Lambda's rules: no response, an empty one or an empty list is full
    /// success; a response that is not such a document, or names a missing, empty or unknown id, fails the batch.
    /// </summary>
    public static HashSet<string> FailedItems(byte[] response, IReadOnlyCollection<Message> batch)
    {
        var all = batch.Select(m => m.MessageId).ToHashSet();
        if (response.Length == 0)
        {
            return [];
        }
        try
        {
            using var document = JsonDocument.Parse(response);
            if (document.RootElement.ValueKind == JsonValueKind.Null)
            {
                return [];
            }
            if (document.RootElement.ValueKind != JsonValueKind.Object)
            {
                return all;
            }
            if (!document.RootElement.TryGetProperty("batchItemFailures", out var failures) || failures.ValueKind == JsonValueKind.Null)
            {
                return [];
            }
            if (failures.ValueKind != JsonValueKind.Array)
            {
                return all;
            }
            var failed = new HashSet<string>();
            foreach (var failure in failures.EnumerateArray())
            {
                if (failure.ValueKind != JsonValueKind.Object
                    || !failure.TryGetProperty("itemIdentifier", out var id)
                    || id.ValueKind != JsonValueKind.String
                    || id.GetString() is not { Length: > 0 } messageId
                    || !all.Contains(messageId))
                {
                    return all;
                }
                failed.Add(messageId);
            }
            return failed;
        }
        catch (JsonException)
        {
            return all;
        }
    }
}
