using Confluent.Kafka;
using ECommerce.Contracts.Orders;
using ECommerce.ServiceDefaults;

namespace ECommerce.Documents.Documents;

/// <summary>
/// Reads the order events on Kafka <c>orders</c> (consumer group <c>documents</c>) and makes the documents each one
/// asks for: <c>order.confirmed</c> → invoice and receipt, <c>order.shipped</c> → shipment label. At least once in,
/// idempotent out: an offset is stored only after its documents exist, and a document that exists is not written
/// again. When storing fails (S3 away), the consumer seeks back to the event and reads it again after a growing pause,
/// still polling, so it keeps its partitions however long the outage lasts. An event that cannot be read or rendered
/// is logged and passed over: reading it again would give the same result.
/// </summary>
public sealed class OrderEventsConsumer(IConsumer<string, string> consumer, OrderDocumentRenderer renderer, DocumentStore store,
    DocumentMetrics metrics, ILogger<OrderEventsConsumer> logger) : BackgroundService
{
    private static readonly TimeSpan FirstRetry = TimeSpan.FromMilliseconds(500);
    private static readonly TimeSpan LastRetry = TimeSpan.FromSeconds(30);

    // Consume blocks the thread it runs on: the loop gets a pool thread of its own instead of the host's start-up thread.
    protected override Task ExecuteAsync(CancellationToken stoppingToken) => Task.Run(() => ConsumeAsync(stoppingToken), stoppingToken);

    private async Task ConsumeAsync(CancellationToken stoppingToken)
    {
        consumer.Subscribe(KafkaTopics.Orders);
        var retry = FirstRetry;
        try
        {
            while (!stoppingToken.IsCancellationRequested)
            {
                ConsumeResult<string, string>? message;
                try
                {
                    message = consumer.Consume(stoppingToken);
                }
                catch (ConsumeException exception) when (!exception.Error.IsFatal)
                {
                    // Brokers away or a partition moving: the client reconnects by itself; the offset is where it was.
                    logger.LogWarning("Reading order events failed, trying again: {Error}", exception.Error.Reason);
                    await Task.Delay(FirstRetry, stoppingToken);
                    continue;
                }
                if (message?.Message is null)
                {
                    continue;
                }
                bool done;
                using (DocumentTracing.Consume(message))
                {
                    done = await HandleAsync(message.Message.Value, stoppingToken);
                }
                if (!done)
                {
                    consumer.Seek(message.TopicPartitionOffset);
                    await Task.Delay(retry, stoppingToken);
                    retry = TimeSpan.FromTicks(Math.Min(retry.Ticks * 2, LastRetry.Ticks));
                    continue;
                }
                retry = FirstRetry;
                try
                {
                    consumer.StoreOffset(message);
                }
                catch (KafkaException exception)
                {
                    // The partition went to another instance meanwhile: it reads the event again and finds the documents made.
                    logger.LogInformation("Offset {Offset} not stored: {Error}", message.TopicPartitionOffset, exception.Error.Reason);
                }
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
        }
        finally
        {
            consumer.Close();
        }
    }

    /// <returns>False when the event is to be read again (its documents could not be stored).</returns>
    private async Task<bool> HandleAsync(string json, CancellationToken stoppingToken)
    {
        if (!OrderEvent.TryParse(json, out var order, out var error))
        {
            logger.LogWarning("Passed over an order event that cannot be read: {Error}", error);
            metrics.Skipped("unreadable");
            return true;
        }
        foreach (var kind in KindsFor(order!.EventType))
        {
            var key = OrderDocuments.Key(order.OrderId, kind);
            byte[] pdf;
            try
            {
                pdf = renderer.Render(kind, order);
            }
            catch (Exception exception) when (exception is not OperationCanceledException)
            {
                // Rendering is a function of the event alone: trying again would fail again.
                logger.LogError(exception, "No {Kind} for order {OrderId}: {Error}", kind, order.OrderId, exception.Message);
                metrics.Skipped("unrenderable");
                continue;
            }
            try
            {
                if (await store.PutIfAbsentAsync(key, pdf, order, stoppingToken))
                {
                    metrics.Written(kind, pdf.Length);
                    logger.LogInformation("Wrote the {Kind} of order {OrderId} ({Bytes} bytes)", kind, order.OrderId, pdf.Length);
                }
                else
                {
                    metrics.AlreadyThere(kind);
                }
            }
            catch (Exception exception) when (!stoppingToken.IsCancellationRequested && exception is not OperationCanceledException)
            {
                logger.LogWarning("Could not store the {Kind} of order {OrderId}; the event is read again: {Error}", kind, order.OrderId, exception.Message);
                return false;
            }
        }
        return true;
    }

    public static IReadOnlyList<string> KindsFor(string eventType) => eventType switch
    {
        OrderEventTypes.Confirmed => [OrderDocuments.Invoice, OrderDocuments.Receipt],
        OrderEventTypes.Shipped => [OrderDocuments.ShipmentLabel],
        _ => [],
    };
}
