using System.Text;
using Amazon.SQS;
using Amazon.SQS.Model;
using Confluent.Kafka;
using ECommerce.Orders.Clients;
using ECommerce.ServiceDefaults;
using Microsoft.Extensions.Options;

namespace ECommerce.Orders.Outbox;

/// <summary>The <c>Outbox</c> section.</summary>
public sealed class OutboxOptions
{
    public const string SectionName = "Outbox";

    /// <summary>How often an idle relay looks for new records.</summary>
    public TimeSpan PollInterval { get; set; } = TimeSpan.FromMilliseconds(250);

    public int BatchSize { get; set; } = 100;

    /// <summary>The longest wait between two attempts at one record.</summary>
    public TimeSpan MaximumBackoff { get; set; } = TimeSpan.FromSeconds(10);
}

/// <summary>
/// Carries out the outbox: publishes each event to Kafka <c>orders</c> (idempotent producer, key = order id, event id
/// and trace context in headers) and to SQS <c>order-events</c>, and releases or commits stock for the saga. Progress
/// is marked per destination, so a record that reached Kafka but not SQS is only sent to SQS again. A failure
/// leaves the record pending with a growing delay; it is never dropped. Delivery is at least once: a crash between
/// publishing and marking repeats a send, with the same event id, which consumers deduplicate on.
/// </summary>
public sealed class OutboxRelay(
    OutboxStore outbox, IProducer<string, string> kafka, IAmazonSQS sqs, ProductsClient products, OutboxMetrics metrics,
    IOptions<OutboxOptions> options, TimeProvider clock, ILogger<OutboxRelay> logger) : BackgroundService
{
    private string? _queueUrl;

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        while (!stoppingToken.IsCancellationRequested)
        {
            var handled = 0;
            try
            {
                // An order's records go out in the order they were written: one still waiting holds back its
                // successors (a consumer must not see "cancelled" before "created").
                var waiting = new HashSet<Guid>();
                foreach (var record in await outbox.PendingAsync(options.Value.BatchSize, stoppingToken))
                {
                    if (waiting.Contains(record.OrderId) || record.NextAttemptAt > clock.GetUtcNow())
                    {
                        waiting.Add(record.OrderId);
                        continue;
                    }
                    if (await outbox.ReloadPendingAsync(record.Id, stoppingToken) is not { } current)
                    {
                        continue;
                    }
                    if (!await HandleAsync(current, stoppingToken))
                    {
                        // A destination that just failed would fail the rest of the batch too, each after a timeout.
                        break;
                    }
                    handled++;
                }
            }
            catch (Exception exception) when (!stoppingToken.IsCancellationRequested)
            {
                logger.LogWarning(exception, "The outbox could not be read; trying again shortly.");
            }
            if (handled == 0)
            {
                await Task.Delay(options.Value.PollInterval, stoppingToken).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
            }
        }
    }

    private async Task<bool> HandleAsync(OutboxRecord record, CancellationToken cancellationToken)
    {
        try
        {
            switch (record.Kind)
            {
                case OutboxKinds.Event:
                    await PublishAsync(record, cancellationToken);
                    break;
                case OutboxKinds.ReleaseStock:
                    await CountingFailuresAsync(OutboxDestinations.Products, () => products.ReleaseAsync(record.OrderId, cancellationToken));
                    break;
                case OutboxKinds.CommitStock:
                    await CountingFailuresAsync(OutboxDestinations.Products, () => products.CommitAsync(record.OrderId, cancellationToken));
                    break;
                default:
                    logger.LogError("Outbox record {RecordId} has unknown kind {Kind}; left pending.", record.Id, record.Kind);
                    await outbox.RetryLaterAsync(record, options.Value.MaximumBackoff, $"unknown kind {record.Kind}", cancellationToken);
                    return false;
            }
            await outbox.CompleteAsync(record.Id, cancellationToken);
            return true;
        }
        catch (StockSettlementRefusedException exception)
        {
            // Retrying cannot change the answer; holding the record would hold back the order's later records.
            logger.LogError("Outbox record {RecordId} quarantined: {Error}", record.Id, exception.Message);
            await outbox.QuarantineAsync(record.Id, exception.Message, cancellationToken);
            return true;
        }
        catch (Exception exception) when (!cancellationToken.IsCancellationRequested)
        {
            var delay = Backoff(record.Attempts);
            logger.LogWarning("Outbox record {RecordId} ({Kind} of order {OrderId}) failed, attempt {Attempt}; next in {Delay}: {Error}",
                record.Id, record.Kind, record.OrderId, record.Attempts + 1, delay, exception.Message);
            await outbox.RetryLaterAsync(record, delay, exception.Message, cancellationToken);
            return false;
        }
    }

    private async Task PublishAsync(OutboxRecord record, CancellationToken cancellationToken)
    {
        if (!record.KafkaDone)
        {
            await CountingFailuresAsync(OutboxDestinations.Kafka, () => SendToKafkaAsync(record, cancellationToken));
        }
        if (!record.SqsDone)
        {
            await CountingFailuresAsync(OutboxDestinations.Sqs, () => SendToSqsAsync(record, cancellationToken));
        }
    }

    private async Task CountingFailuresAsync(string destination, Func<Task> send)
    {
        try
        {
            await send();
        }
        catch (Exception exception) when (exception is not OperationCanceledException)
        {
            metrics.Failed(destination);
            throw;
        }
    }

    private async Task SendToKafkaAsync(OutboxRecord record, CancellationToken cancellationToken)
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
        await kafka.ProduceAsync(KafkaTopics.Orders,
            new Message<string, string> { Key = record.OrderId.ToString(), Value = record.Payload!, Headers = headers }, cancellationToken);
        await outbox.MarkPublishedAsync(record.Id, "kafka_done", cancellationToken);
    }

    private async Task SendToSqsAsync(OutboxRecord record, CancellationToken cancellationToken)
    {
        using var send = OutboxTracing.StartSend(record, "aws_sqs", SqsQueues.OrderEvents);
        _queueUrl ??= (await sqs.GetQueueUrlAsync(SqsQueues.OrderEvents, cancellationToken)).QueueUrl;
        var attributes = new Dictionary<string, MessageAttributeValue>
        {
            ["event_id"] = new() { DataType = "String", StringValue = record.Id.ToString() },
            ["event_type"] = new() { DataType = "String", StringValue = record.EventType ?? "" },
        };
        if (OutboxTracing.Propagated(send, record) is { Length: > 0 } traceParent)
        {
            attributes["traceparent"] = new() { DataType = "String", StringValue = traceParent };
        }
        await sqs.SendMessageAsync(new SendMessageRequest { QueueUrl = _queueUrl, MessageBody = record.Payload!, MessageAttributes = attributes },
            cancellationToken);
        await outbox.MarkPublishedAsync(record.Id, "sqs_done", cancellationToken);
    }

    private TimeSpan Backoff(int attempts)
    {
        var exponential = TimeSpan.FromMilliseconds(250 * Math.Pow(2, Math.Min(attempts, 10)));
        var capped = exponential < options.Value.MaximumBackoff ? exponential : options.Value.MaximumBackoff;
        return capped * (0.8 + Random.Shared.NextDouble() * 0.4);
    }
}
