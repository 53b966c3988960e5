using System.Globalization;
using System.Text;
using System.Text.Json;
using Amazon.DynamoDBv2;
using Amazon.DynamoDBv2.Model;
using ECommerce.Contracts.Orders;
using ECommerce.ServiceDefaults;
using ECommerce.ServiceDefaults.Aws;

namespace ECommerce.Orders.Orders;

/// <summary>
/// Orders in DynamoDB <c>ecommerce-orders</c>. Every change of an order is one transaction with the outbox records
/// it causes, and every transition is conditional on the status it starts from, so two racing transitions cannot
/// both win.
/// </summary>
public sealed class OrderStore(IAmazonDynamoDB dynamoDb)
{
    private const string ByUserIndex = "user_id-created_at-index";

    /// <summary>
    /// The status of the mark left under the id of a placement given up. The mark has no user and no creation time, so
    /// neither index lists it, and reading it by id finds no order.
    /// </summary>
    private const string AbandonedPlacement = "placement_abandoned";

    /// <summary>
    /// Stores a new order with its outbox records and, when given, the request's idempotent response, all or nothing.
    /// Not created when the response could not be recorded because the request's claim on its key was taken over, or
    /// when the placement took so long that the order id was given up (<see cref="AbandonPlacementAsync"/>).
    /// </summary>
    public async Task<OrderCreation> CreateAsync(Order order, IEnumerable<Put> outbox, TransactWriteItem? response, CancellationToken cancellationToken)
    {
        try
        {
            await dynamoDb.TransactWriteItemsAsync(new TransactWriteItemsRequest
            {
                // The SDK's own retry of a transaction that committed unseen is then answered as a success.
                ClientRequestToken = order.Id.ToString(),
                TransactItems =
                [
                    new TransactWriteItem { Put = new Put { TableName = DynamoDbTables.Orders, Item = ToItem(order), ConditionExpression = "attribute_not_exists(id)" } },
                    .. outbox.Select(put => new TransactWriteItem { Put = put }),
                    .. response is null ? [] : new[] { response },
                ],
            }, cancellationToken);
            return OrderCreation.Created;
        }
        // Something stands under the new order's id: the mark of a placement given up — or this very order, when an
        // earlier attempt of the write committed unseen and the SDK's retry was not recognised as the same transaction.
        catch (TransactionCanceledException exception) when (exception.CancellationReasons?.FirstOrDefault()?.Code == "ConditionalCheckFailed")
        {
            return await IsAbandonedAsync(order.Id, cancellationToken) ? OrderCreation.Abandoned : OrderCreation.Created;
        }
        catch (TransactionCanceledException exception) when (response is not null
            && exception.CancellationReasons?.LastOrDefault()?.Code == "ConditionalCheckFailed")
        {
            return OrderCreation.Superseded;
        }
    }

    /// <summary>
    /// Makes sure order <paramref name="orderId"/> is never stored: a mark under its id, which the order's own
    /// conditional put finds (a placement still running past its bound then fails to store it). False when the order
    /// was stored first: it stands. Marking twice keeps the first time.
    /// </summary>
    public async Task<bool> AbandonPlacementAsync(Guid orderId, DateTimeOffset now, CancellationToken cancellationToken)
    {
        try
        {
            await dynamoDb.UpdateItemAsync(new UpdateItemRequest
            {
                TableName = DynamoDbTables.Orders,
                Key = new Dictionary<string, AttributeValue> { ["id"] = new() { S = orderId.ToString() } },
                UpdateExpression = "SET #status = :abandoned, abandoned_at = if_not_exists(abandoned_at, :now)",
                ConditionExpression = "attribute_not_exists(id) OR #status = :abandoned",
                ExpressionAttributeNames = new Dictionary<string, string> { ["#status"] = "status" },
                ExpressionAttributeValues = new Dictionary<string, AttributeValue>
                {
                    [":abandoned"] = new() { S = AbandonedPlacement },
                    [":now"] = new() { S = now.ToString("O", CultureInfo.InvariantCulture) },
                },
            }, cancellationToken);
            return true;
        }
        catch (ConditionalCheckFailedException)
        {
            return false;
        }
    }

    /// <summary>Moves the order from one of <paramref name="from"/> to <paramref name="to"/>; false when its status was another.</summary>
    public async Task<bool> TransitionAsync(Guid orderId, string[] from, string to, string? reason, OrderPayment? payment, long lastSequence,
        DateTimeOffset now, IEnumerable<Put> outbox, CancellationToken cancellationToken)
    {
        var values = new Dictionary<string, AttributeValue>
        {
            [":to"] = new() { S = to },
            [":now"] = new() { S = now.ToString("O", CultureInfo.InvariantCulture) },
        };
        for (var i = 0; i < from.Length; i++)
        {
            values[$":from{i}"] = new() { S = from[i] };
        }
        var update = "SET #status = :to, updated_at = :now, event_sequence = :next";
        var sequenceCondition = NextSequence(lastSequence, values);
        if (reason is not null)
        {
            update += ", reason = :reason";
            values[":reason"] = new() { S = reason };
        }
        if (payment is not null)
        {
            update += ", payment = :payment";
            values[":payment"] = OrderAttributes.Payment(payment);
        }
        return await UpdateWithOutboxAsync(orderId, update,
            $"#status IN ({string.Join(", ", from.Select((_, i) => $":from{i}"))}) AND {sequenceCondition}", values, outbox, cancellationToken);
    }

    /// <summary>
    /// Records that a cancelled order's late payment was given back, with its event, in one transaction; false when
    /// the order is not cancelled or has a refund recorded already.
    /// </summary>
    public async Task<bool> RecordRefundAsync(Guid orderId, OrderRefund refund, long lastSequence, DateTimeOffset now, Put outboxEvent,
        CancellationToken cancellationToken)
    {
        var values = new Dictionary<string, AttributeValue>
        {
            [":refund"] = OrderAttributes.Refund(refund),
            [":now"] = new() { S = now.ToString("O", CultureInfo.InvariantCulture) },
            [":cancelled"] = new() { S = OrderStatuses.Cancelled },
        };
        var sequenceCondition = NextSequence(lastSequence, values);
        return await UpdateWithOutboxAsync(orderId, "SET refund = :refund, updated_at = :now, event_sequence = :next",
            $"#status = :cancelled AND attribute_not_exists(refund) AND {sequenceCondition}", values, [outboxEvent], cancellationToken);
    }

    // A change of the order and the outbox records it implies, in one transaction; false when the order is no longer
    // in the state the change was decided on.
    private async Task<bool> UpdateWithOutboxAsync(Guid orderId, string update, string condition, Dictionary<string, AttributeValue> values,
        IEnumerable<Put> outbox, CancellationToken cancellationToken)
    {
        try
        {
            await dynamoDb.TransactWriteItemsAsync(new TransactWriteItemsRequest
            {
                TransactItems =
                [
                    new TransactWriteItem
                    {
                        Update = new Update
                        {
                            TableName = DynamoDbTables.Orders,
                            Key = new Dictionary<string, AttributeValue> { ["id"] = new() { S = orderId.ToString() } },
                            UpdateExpression = update,
                            ConditionExpression = condition,
                            ExpressionAttributeNames = new Dictionary<string, string> { ["#status"] = "status" },
                            ExpressionAttributeValues = values,
                        },
                    },
                    .. outbox.Select(put => new TransactWriteItem { Put = put }),
                ],
            }, cancellationToken);
            return true;
        }
        catch (TransactionCanceledException exception) when (exception.LostToCurrentState())
        {
            return false;
        }
    }

    public async Task<Order?> FindAsync(Guid orderId, CancellationToken cancellationToken) =>
        await ReadAsync(orderId, cancellationToken) is { } item && item["status"].S != AbandonedPlacement ? FromItem(item) : null;

    private async Task<bool> IsAbandonedAsync(Guid orderId, CancellationToken cancellationToken) =>
        (await ReadAsync(orderId, cancellationToken))?["status"].S == AbandonedPlacement;

    private async Task<Dictionary<string, AttributeValue>?> ReadAsync(Guid orderId, CancellationToken cancellationToken)
    {
        var response = await dynamoDb.GetItemAsync(new GetItemRequest
        {
            TableName = DynamoDbTables.Orders,
            Key = new Dictionary<string, AttributeValue> { ["id"] = new() { S = orderId.ToString() } },
            ConsistentRead = true,
        }, cancellationToken);
        return response.Item is { Count: > 0 } item ? item : null;
    }

    /// <summary>A user's orders, newest first; the page token is opaque to clients.</summary>
    public async Task<(IReadOnlyList<Order> Orders, string? NextPageToken)> ListByUserAsync(Guid userId, int limit, string? pageToken,
        CancellationToken cancellationToken)
    {
        var response = await dynamoDb.QueryAsync(new QueryRequest
        {
            TableName = DynamoDbTables.Orders,
            IndexName = ByUserIndex,
            KeyConditionExpression = "user_id = :user",
            ExpressionAttributeValues = new Dictionary<string, AttributeValue> { [":user"] = new() { S = userId.ToString() } },
            ScanIndexForward = false,
            Limit = limit,
            ExclusiveStartKey = DecodeToken(pageToken, userId),
        }, cancellationToken);
        var next = response.LastEvaluatedKey is { Count: > 0 } last
            ? Convert.ToBase64String(Encoding.UTF8.GetBytes(JsonSerializer.Serialize(last.ToDictionary(k => k.Key, k => k.Value.S))))
            : null;
        return ((response.Items ?? []).Select(FromItem).ToList(), next);
    }

    // A token only ever continues the caller's own listing: one naming another user is ignored.
    private static Dictionary<string, AttributeValue>? DecodeToken(string? token, Guid userId)
    {
        if (string.IsNullOrEmpty(token))
        {
            return null;
        }
        var key = JsonSerializer.Deserialize<Dictionary<string, string>>(Encoding.UTF8.GetString(Convert.FromBase64String(token)));
        if (key is not { Count: 3 } || key.GetValueOrDefault("user_id") != userId.ToString()
            || !Guid.TryParse(key.GetValueOrDefault("id"), out _)
            || !DateTimeOffset.TryParse(key.GetValueOrDefault("created_at"), CultureInfo.InvariantCulture, out _))
        {
            throw new FormatException("Not a page token of this listing.");
        }
        return key.ToDictionary(k => k.Key, k => new AttributeValue { S = k.Value });
    }

    private static Dictionary<string, AttributeValue> ToItem(Order order)
    {
        var item = new Dictionary<string, AttributeValue>
        {
            ["id"] = new() { S = order.Id.ToString() },
            ["user_id"] = new() { S = order.UserId.ToString() },
            ["status"] = new() { S = order.Status },
            ["total_amount"] = new() { N = order.TotalAmount.ToString(CultureInfo.InvariantCulture) },
            ["items"] = new()
            {
                L = order.Items.Select(i => new AttributeValue
                {
                    M = new Dictionary<string, AttributeValue>
                    {
                        ["product_id"] = new() { S = i.ProductId.ToString() },
                        ["name"] = new() { S = i.Name },
                        ["quantity"] = new() { N = i.Quantity.ToString(CultureInfo.InvariantCulture) },
                        ["unit_price"] = new() { N = i.UnitPrice.ToString(CultureInfo.InvariantCulture) },
                    },
                }).ToList(),
            },
            ["created_at"] = new() { S = order.CreatedAt.ToString("O", CultureInfo.InvariantCulture) },
            ["updated_at"] = new() { S = order.UpdatedAt.ToString("O", CultureInfo.InvariantCulture) },
            ["event_sequence"] = new() { N = order.EventSequence.ToString(CultureInfo.InvariantCulture) },
        };
        if (order.ShippingAddress is { } address)
        {
            item["shipping_address"] = OrderAttributes.Address(address);
        }
        if (order.Payment is { } payment)
        {
            item["payment"] = OrderAttributes.Payment(payment);
        }
        return item;
    }

    private static Order FromItem(Dictionary<string, AttributeValue> item) => new(
        Guid.Parse(item["id"].S),
        Guid.Parse(item["user_id"].S),
        item["status"].S,
        item["items"].L.Select(line => new OrderLine(
            Guid.Parse(line.M["product_id"].S),
            line.M["name"].S,
            int.Parse(line.M["quantity"].N, CultureInfo.InvariantCulture),
            decimal.Parse(line.M["unit_price"].N, NumberStyles.Number, CultureInfo.InvariantCulture))).ToList(),
        decimal.Parse(item["total_amount"].N, NumberStyles.Number, CultureInfo.InvariantCulture),
        DateTimeOffset.Parse(item["created_at"].S, CultureInfo.InvariantCulture),
        DateTimeOffset.Parse(item["updated_at"].S, CultureInfo.InvariantCulture),
        item.GetValueOrDefault("reason")?.S,
        item.TryGetValue("shipping_address", out var address) ? OrderAttributes.Address(address) : null,
        item.TryGetValue("payment", out var payment) ? OrderAttributes.Payment(payment) : null,
        item.TryGetValue("refund", out var refund) ? OrderAttributes.Refund(refund) : null,
        item.TryGetValue("event_sequence", out var sequence) ? long.Parse(sequence.N, CultureInfo.InvariantCulture) : 0);

    // Each change of an order numbers its event one past the last, on condition that the last is still what the
    // change was decided on: two writers can never give two events the same number, whatever their clocks say.
    private static string NextSequence(long last, Dictionary<string, AttributeValue> values)
    {
        values[":next"] = new() { N = (last + 1).ToString(CultureInfo.InvariantCulture) };
        if (last == 0)
        {
            return "attribute_not_exists(event_sequence)";
        }
        values[":last"] = new() { N = last.ToString(CultureInfo.InvariantCulture) };
        return "event_sequence = :last";
    }
}
