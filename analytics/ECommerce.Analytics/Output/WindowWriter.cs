using System.Globalization;
using System.Text.Json;
using Amazon.DynamoDBv2;
using Amazon.DynamoDBv2.Model;
using Confluent.Kafka;
using ECommerce.Analytics.Exports;
using ECommerce.Analytics.Windows;
using ECommerce.Contracts;
using ECommerce.ServiceDefaults;
using Microsoft.Extensions.Options;

namespace ECommerce.Analytics.Output;

/// <summary>
/// Carries out what the job emits, then commits its offset: a closed minute goes to DynamoDB
/// <c>analytics-windows</c> and into its hour's S3 file; a closed hour or day gets its S3 exports. Everything is
/// written whole from closed windows, so a record handled twice (a retry, a replay) rewrites the same bytes.
/// </summary>
public sealed class WindowWriter(IConsumer<string, byte[]> consumer, IAmazonDynamoDB dynamoDb, ExportStore exports,
    IOptions<AnalyticsOptions> options, ILogger<WindowWriter> logger) : BackgroundService
{
    protected override Task ExecuteAsync(CancellationToken stoppingToken) =>
        // The consumer's calls block: a thread of its own rather than one of the pool's.
        Task.Factory.StartNew(() => Run(stoppingToken), stoppingToken, TaskCreationOptions.LongRunning, TaskScheduler.Default).Unwrap();

    private async Task Run(CancellationToken stoppingToken)
    {
        consumer.Subscribe(options.Value.WindowsTopic);
        try
        {
            while (!stoppingToken.IsCancellationRequested)
            {
                if (consumer.Consume(TimeSpan.FromMilliseconds(500)) is not { } message)
                {
                    continue;
                }
                try
                {
                    await HandleAsync(message.Message, stoppingToken);
                    consumer.Commit(message);
                }
                catch (Exception exception) when (exception is not OperationCanceledException)
                {
                    logger.LogWarning(exception, "{Key} could not be written; trying again shortly.", message.Message.Key);
                    consumer.Seek(message.TopicPartitionOffset);
                    await Task.Delay(TimeSpan.FromSeconds(1), stoppingToken);
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

    private async Task HandleAsync(Message<string, byte[]> message, CancellationToken cancellationToken)
    {
        if (OutputKeys.IsHour(message.Key, out var hour))
        {
            await exports.CloseHourAsync(hour, cancellationToken);
        }
        else if (OutputKeys.IsDay(message.Key, out var day))
        {
            await exports.CloseDayAsync(day, cancellationToken);
        }
        else
        {
            var window = JsonSerializer.Deserialize<WindowResult>(message.Value, ContractJson.Options)!;
            await dynamoDb.PutItemAsync(new PutItemRequest { TableName = DynamoDbTables.AnalyticsWindows, Item = Item(window) }, cancellationToken);
            await exports.AddWindowAsync(window, cancellationToken);
        }
    }

    /// <summary>The window as an item: the design's attributes, and the per-product figures (users stay in the exports).</summary>
    public static Dictionary<string, AttributeValue> Item(WindowResult window) => new()
    {
        ["window_id"] = new() { S = window.WindowId },
        ["window_start"] = new() { S = MinuteWindows.Id(window.WindowStart) },
        ["window_end"] = new() { S = MinuteWindows.Id(window.WindowEnd) },
        ["total_orders"] = Number(window.TotalOrders),
        ["unique_users"] = Number(window.UniqueUsers),
        ["total_revenue"] = Number(window.TotalRevenue),
        ["avg_order_value"] = Number(window.AvgOrderValue),
        ["confirmed_orders"] = Number(window.ConfirmedOrders),
        ["cancelled_orders"] = Number(window.CancelledOrders),
        ["products"] = new()
        {
            L = [.. window.Products.Select(p => new AttributeValue
            {
                M = new()
                {
                    ["product_id"] = new() { S = p.ProductId.ToString() },
                    ["name"] = new() { S = p.Name },
                    ["units"] = Number(p.Units),
                    ["revenue"] = Number(p.Revenue),
                },
            })],
        },
    };

    private static AttributeValue Number(decimal value) => new() { N = value.ToString(CultureInfo.InvariantCulture) };
}
