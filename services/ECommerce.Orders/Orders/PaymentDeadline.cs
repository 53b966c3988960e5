using Amazon.DynamoDBv2;
using Amazon.DynamoDBv2.Model;
using ECommerce.ServiceDefaults;
using Microsoft.Extensions.Options;

namespace ECommerce.Orders.Orders;

/// <summary>
/// The saga's timeout: cancels pending orders past <see cref="OrderOptions.PaymentTimeout"/>. Cancelling is the
/// same conditional transition a customer or a failed payment triggers, so whichever comes first wins and the
/// others find it done — the stock is released once.
/// </summary>
public sealed class PaymentDeadline(IAmazonDynamoDB dynamoDb, OrderTransitions transitions, IOptions<OrderOptions> options,
    TimeProvider clock, ILogger<PaymentDeadline> logger) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                var cutoff = (clock.GetUtcNow() - options.Value.PaymentTimeout).ToString("O", System.Globalization.CultureInfo.InvariantCulture);
                var overdue = await dynamoDb.QueryAsync(new QueryRequest
                {
                    TableName = DynamoDbTables.Orders,
                    IndexName = "status-created_at-index",
                    KeyConditionExpression = "#status = :pending AND created_at < :cutoff",
                    ExpressionAttributeNames = new Dictionary<string, string> { ["#status"] = "status" },
                    ExpressionAttributeValues = new Dictionary<string, AttributeValue>
                    {
                        [":pending"] = new() { S = OrderStatuses.Pending },
                        [":cutoff"] = new() { S = cutoff },
                    },
                    Limit = 50,
                }, stoppingToken);
                foreach (var item in overdue.Items ?? [])
                {
                    try
                    {
                        var (result, _) = await transitions.CancelAsync(Guid.Parse(item["id"].S), "payment timeout", stoppingToken);
                        logger.LogInformation("Order {OrderId} unpaid past its deadline: {Result}", item["id"].S, result);
                    }
                    catch (Exception exception) when (exception is KeyNotFoundException or FormatException)
                    {
                        // One unreadable item must not keep the others from their deadline.
                        logger.LogError("Order item {OrderId} cannot be read; skipped: {Error}", item.GetValueOrDefault("id")?.S, exception.Message);
                    }
                }
            }
            catch (Exception exception) when (!stoppingToken.IsCancellationRequested)
            {
                logger.LogWarning(exception, "Could not look for overdue orders; trying again shortly.");
            }
            await Task.Delay(options.Value.SweepInterval, stoppingToken).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
        }
    }
}
