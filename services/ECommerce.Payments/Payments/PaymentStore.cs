using System.Globalization;
using Amazon.DynamoDBv2;
using Amazon.DynamoDBv2.Model;
using ECommerce.ServiceDefaults;
using ECommerce.ServiceDefaults.Aws;

namespace ECommerce.Payments.Payments;

/// <summary>
/// Payments in DynamoDB <c>ecommerce-payments</c>. A payment carries <c>saga_pending</c> until the order has been
/// told its outcome, which lists it in <c>saga-pending-index</c> for <see cref="Saga.SagaCompletion"/>. One item per
/// order, <c>order-lock:{id}</c>, makes sure only one payment at a time is charged for an order, and none after one
/// succeeded.
/// </summary>
public sealed class PaymentStore(IAmazonDynamoDB dynamoDb, TimeProvider clock)
{
    public const string SagaPendingIndex = "saga-pending-index";
    private const string OrderIdIndex = "order_id-index";

    /// <summary>
    /// Takes the order's payment lock and records the payment as pending, in one transaction, before any card is
    /// charged: a charge never happens without its record, and the record is "saga pending" at once, so a process that
    /// stops before recording the charge's outcome leaves it for <see cref="Saga.SagaCompletion"/> to resolve. False
    /// when another payment holds the lock or one already succeeded.
    /// </summary>
    public async Task<bool> BeginAsync(Payment pending, CancellationToken cancellationToken)
    {
        try
        {
            await dynamoDb.TransactWriteItemsAsync(new TransactWriteItemsRequest
            {
                TransactItems =
                [
                    new TransactWriteItem
                    {
                        Put = new Put
                        {
                            TableName = DynamoDbTables.Payments,
                            Item = new Dictionary<string, AttributeValue>
                            {
                                ["id"] = new() { S = LockId(pending.OrderId) },
                                ["payment_id"] = new() { S = pending.Id.ToString() },
                            },
                            ConditionExpression = "attribute_not_exists(id)",
                        },
                    },
                    new TransactWriteItem { Put = new Put { TableName = DynamoDbTables.Payments, Item = ToItem(pending, sagaPending: true) } },
                ],
            }, cancellationToken);
            return true;
        }
        catch (TransactionCanceledException exception) when (exception.LostToCurrentState())
        {
            return false;
        }
    }

    /// <summary>
    /// A failed payment gives the order back to the next attempt; a successful one keeps the lock for good. Only the
    /// lock this payment holds is removed: a later payment's is not, however late this call comes.
    /// </summary>
    public async Task UnlockOrderAsync(Guid orderId, Guid paymentId)
    {
        try
        {
            await dynamoDb.DeleteItemAsync(new DeleteItemRequest
            {
                TableName = DynamoDbTables.Payments,
                Key = new Dictionary<string, AttributeValue> { ["id"] = new() { S = LockId(orderId) } },
                ConditionExpression = "payment_id = :payment",
                ExpressionAttributeValues = new Dictionary<string, AttributeValue> { [":payment"] = new() { S = paymentId.ToString() } },
            }, CancellationToken.None);
        }
        catch (ConditionalCheckFailedException)
        {
            // Released already, or held by another payment: nothing of this payment's to give back.
        }
    }

    /// <summary>
    /// Records the outcome of a pending payment's charge (still "saga pending"), unless another writer recorded one
    /// first — the request and the resolver of interrupted payments may both try — and returns the payment as stored.
    /// </summary>
    public async Task<Payment> RecordOutcomeAsync(Payment payment, CancellationToken cancellationToken)
    {
        try
        {
            await dynamoDb.PutItemAsync(new PutItemRequest
            {
                TableName = DynamoDbTables.Payments,
                Item = ToItem(payment, sagaPending: true),
                ConditionExpression = "#status = :pending",
                ExpressionAttributeNames = new Dictionary<string, string> { ["#status"] = "status" },
                ExpressionAttributeValues = new Dictionary<string, AttributeValue> { [":pending"] = new() { S = PaymentStatuses.Pending } },
            }, cancellationToken);
            return payment;
        }
        catch (ConditionalCheckFailedException)
        {
            return await FindAsync(payment.Id, cancellationToken) ?? payment;
        }
    }

    private static Dictionary<string, AttributeValue> ToItem(Payment payment, bool sagaPending)
    {
        var item = new Dictionary<string, AttributeValue>
        {
            ["id"] = new() { S = payment.Id.ToString() },
            ["order_id"] = new() { S = payment.OrderId.ToString() },
            ["user_id"] = new() { S = payment.UserId.ToString() },
            ["amount"] = new() { N = payment.Amount.ToString(CultureInfo.InvariantCulture) },
            ["status"] = new() { S = payment.Status },
            ["card_last4"] = new() { S = payment.CardLast4 },
            ["created_at"] = new() { S = payment.CreatedAt.ToString("O", CultureInfo.InvariantCulture) },
        };
        if (payment.TransactionId is not null)
        {
            item["transaction_id"] = new() { S = payment.TransactionId };
        }
        if (payment.FailureReason is not null)
        {
            item["failure_reason"] = new() { S = payment.FailureReason };
        }
        if (payment.Refund is { } refund)
        {
            item["refund"] = Refund(refund);
        }
        if (sagaPending)
        {
            item["saga_pending"] = new() { S = "1" };
        }
        return item;
    }

    /// <summary>
    /// The saga step is done. With <paramref name="response"/> (the request's idempotent response), both are written in
    /// one transaction; if a retry took the request's key over meanwhile, the retry's answer counts and the step is
    /// marked done alone. True when the response was stored.
    /// </summary>
    public async Task<bool> SagaDoneAsync(Guid paymentId, TransactWriteItem? response, CancellationToken cancellationToken)
    {
        if (response is not null)
        {
            try
            {
                await dynamoDb.TransactWriteItemsAsync(new TransactWriteItemsRequest
                {
                    TransactItems = [new TransactWriteItem { Update = SagaDone(paymentId) }, response],
                }, cancellationToken);
                return true;
            }
            catch (TransactionCanceledException exception) when (exception.CancellationReasons?.LastOrDefault()?.Code == "ConditionalCheckFailed")
            {
                // Fall through: the step is done whoever answers the client.
            }
        }
        await dynamoDb.UpdateItemAsync(SagaDone(paymentId).AsRequest(), cancellationToken);
        return false;
    }

    private Update SagaDone(Guid paymentId) => new()
    {
        TableName = DynamoDbTables.Payments,
        Key = new Dictionary<string, AttributeValue> { ["id"] = new() { S = paymentId.ToString() } },
        UpdateExpression = "REMOVE saga_pending SET saga_done_at = :now",
        ExpressionAttributeValues = new Dictionary<string, AttributeValue>
        {
            [":now"] = new() { S = clock.GetUtcNow().ToString("O", CultureInfo.InvariantCulture) },
        },
    };

    public async Task<Payment?> FindAsync(Guid paymentId, CancellationToken cancellationToken)
    {
        var response = await dynamoDb.GetItemAsync(new GetItemRequest
        {
            TableName = DynamoDbTables.Payments,
            Key = new Dictionary<string, AttributeValue> { ["id"] = new() { S = paymentId.ToString() } },
            ConsistentRead = true,
        }, cancellationToken);
        return response.Item is { Count: > 0 } item && item.ContainsKey("order_id") ? FromItem(item) : null;
    }

    public async Task<IReadOnlyList<Payment>> ListByOrderAsync(Guid orderId, CancellationToken cancellationToken) =>
        await QueryAsync(OrderIdIndex, "order_id", orderId.ToString(), cancellationToken);

    public async Task<IReadOnlyList<Payment>> SagaPendingAsync(CancellationToken cancellationToken) =>
        await QueryAsync(SagaPendingIndex, "saga_pending", "1", cancellationToken);

    // Every page: a few payments whose step keeps failing must not hide the ones behind them.
    private async Task<IReadOnlyList<Payment>> QueryAsync(string index, string key, string value, CancellationToken cancellationToken)
    {
        var found = new List<Payment>();
        Dictionary<string, AttributeValue>? next = null;
        do
        {
            var response = await dynamoDb.QueryAsync(new QueryRequest
            {
                TableName = DynamoDbTables.Payments,
                IndexName = index,
                KeyConditionExpression = $"{key} = :value",
                ExpressionAttributeValues = new Dictionary<string, AttributeValue> { [":value"] = new() { S = value } },
                Limit = 100,
                ExclusiveStartKey = next,
            }, cancellationToken);
            found.AddRange((response.Items ?? []).Select(FromItem));
            next = response.LastEvaluatedKey is { Count: > 0 } last ? last : null;
        }
        while (next is not null);
        return found;
    }

    /// <summary>
    /// Records a successful payment's refund (the saga step stays pending until the order is told). A payment refunded
    /// already keeps its first refund, which is what is returned.
    /// </summary>
    public async Task<Payment> MarkRefundedAsync(Payment refunded, CancellationToken cancellationToken)
    {
        try
        {
            await dynamoDb.UpdateItemAsync(new UpdateItemRequest
            {
                TableName = DynamoDbTables.Payments,
                Key = new Dictionary<string, AttributeValue> { ["id"] = new() { S = refunded.Id.ToString() } },
                UpdateExpression = "SET #status = :refunded, refund = :refund",
                ConditionExpression = "#status = :success",
                ExpressionAttributeNames = new Dictionary<string, string> { ["#status"] = "status" },
                ExpressionAttributeValues = new Dictionary<string, AttributeValue>
                {
                    [":refunded"] = new() { S = PaymentStatuses.Refunded },
                    [":success"] = new() { S = PaymentStatuses.Success },
                    [":refund"] = Refund(refunded.Refund!),
                },
            }, cancellationToken);
            return refunded;
        }
        catch (ConditionalCheckFailedException)
        {
            return await FindAsync(refunded.Id, cancellationToken) ?? refunded;
        }
    }

    private static AttributeValue Refund(PaymentRefund refund) => new()
    {
        M = new Dictionary<string, AttributeValue>
        {
            ["refund_id"] = new() { S = refund.RefundId },
            ["refunded_at"] = new() { S = refund.RefundedAt.ToString("O", CultureInfo.InvariantCulture) },
            ["reason"] = new() { S = refund.Reason },
        },
    };

    private static string LockId(Guid orderId) => $"order-lock:{orderId}";

    private static Payment FromItem(Dictionary<string, AttributeValue> item) => new(
        Guid.Parse(item["id"].S),
        Guid.Parse(item["order_id"].S),
        Guid.Parse(item["user_id"].S),
        decimal.Parse(item["amount"].N, NumberStyles.Number, CultureInfo.InvariantCulture),
        item["status"].S,
        item["card_last4"].S,
        item.GetValueOrDefault("transaction_id")?.S,
        item.GetValueOrDefault("failure_reason")?.S,
        DateTimeOffset.Parse(item["created_at"].S, CultureInfo.InvariantCulture),
        item.TryGetValue("refund", out var refund)
            ? new PaymentRefund(refund.M["refund_id"].S, DateTimeOffset.Parse(refund.M["refunded_at"].S, CultureInfo.InvariantCulture), refund.M["reason"].S)
            : null);
}
