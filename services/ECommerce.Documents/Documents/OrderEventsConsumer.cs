using Confluent.Kafka;
using ECommerce.Contracts.Orders;
using ECommerce.ServiceDefaults;

namespace ECommerce.Documents.Documents;

/// <summary>
/// Reads the order events on Kafka <c>orders</c> (consumer group <c>documents</c>) and makes the documents each one
/// asks for: <c>order.confirmed</c> → invoice and receipt, <c>order.shipped</c> → shipment label. At least once in,
/// idempotent out: an offset is stored only after its documents exist, and a document that exists is not made
/// again. A failure to store (S3 away) is retried until it succeeds, holding the partition back meanwhile; an event
/// that cannot be read or rendered is logged and passed over, since trying again would give the same result.
/// </summary>
public sealed class OrderEventsConsumer(IConsumer<string, string> consumer, OrderDocumentRenderer renderer, DocumentStore store,
    DocumentMetrics metrics, ILogger<OrderEventsConsumer> logger) : BackgroundService
{
    private static readonly TimeSpan FirstRetry = TimeSpan.FromMilliseconds(500);
    private static readonly TimeSpan LastRetry = TimeSpan.FromSeconds(30);

    // Confluent's consumer blocks its thread: it gets one of its own rather than a pool thread.
    protected override Task ExecuteAsync(CancellationToken stoppingToken) =>
        Task.Factory.StartNew(() => ConsumeAsync(stoppingToken), stoppingToken, TaskCreationOptions.LongRunning, TaskScheduler.Default).Unwrap();

    private async Task ConsumeAsync(CancellationToken stoppingToken)
    {
        consumer.Subscribe(KafkaTopics.Orders);
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
                using (DocumentTracing.Consume(message))
                {
                    await HandleAsync(message.Message.Value, stoppingToken);
                }
                consumer.StoreOffset(message);
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

    private async Task HandleAsync(string json, CancellationToken stoppingToken)
    {
        if (!OrderEvent.TryParse(json, out var order, out var error))
        {
            logger.LogWarning("Passed over an order event that cannot be read: {Error}", error);
            metrics.Skipped("unreadable");
            return;
        }
        foreach (var kind in KindsFor(order!.EventType))
        {
            var key = OrderDocuments.Key(order.OrderId, kind);
            byte[] pdf;
            try
            {
                pdf = renderer.Render(kind, order);
            }
            catch (Exception exception) when (exception is InvalidOperationException or ArgumentException)
            {
                logger.LogWarning("No {Kind} for order {OrderId}: {Error}", kind, order.OrderId, exception.Message);
                metrics.Skipped("unrenderable");
                continue;
            }
            await StoreWithRetriesAsync(key, pdf, order, kind, stoppingToken);
        }
    }

    private async Task StoreWithRetriesAsync(string key, byte[] pdf, OrderEvent order, string kind, CancellationToken stoppingToken)
    {
        for (var delay = FirstRetry; ; delay = TimeSpan.FromTicks(Math.Min(delay.Ticks * 2, LastRetry.Ticks)))
        {
            try
            {
                if (await store.ExistsAsync(key, stoppingToken))
                {
                    metrics.AlreadyThere(kind);
                    return;
                }
                await store.PutAsync(key, pdf, order, stoppingToken);
                metrics.Written(kind, pdf.Length);
                logger.LogInformation("Wrote the {Kind} of order {OrderId} ({Bytes} bytes)", kind, order.OrderId, pdf.Length);
                return;
            }
            catch (Exception exception) when (!stoppingToken.IsCancellationRequested && exception is not OperationCanceledException)
            {
                logger.LogWarning("Could not store the {Kind} of order {OrderId}, trying again in {Delay}: {Error}", kind, order.OrderId, delay, exception.Message);
                await Task.Delay(delay, stoppingToken);
            }
        }
    }

    public static IReadOnlyList<string> KindsFor(string eventType) => eventType switch
    {
        OrderEventTypes.Confirmed => [OrderDocuments.Invoice, OrderDocuments.Receipt],
        OrderEventTypes.Shipped => [OrderDocuments.ShipmentLabel],
        _ => [],
    };
}
