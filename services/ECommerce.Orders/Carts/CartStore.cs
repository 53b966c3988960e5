using System.Globalization;
using System.Text.Json;
using Amazon.DynamoDBv2;
using Amazon.DynamoDBv2.Model;
using ECommerce.ServiceDefaults;
using Microsoft.Extensions.Options;

namespace ECommerce.Orders.Carts;

public sealed record CartItem(
    Guid UserId, Guid ProductId, string Name, int Quantity, decimal UnitPrice,
    IReadOnlyDictionary<string, object> Attributes, DateTimeOffset AddedAt, DateTimeOffset ExpiresAt);

/// <summary>The <c>Carts</c> section.</summary>
public sealed class CartOptions
{
    public const string SectionName = "Carts";

    /// <summary>How long an untouched line stays in a cart.</summary>
    public TimeSpan ItemLifetime { get; set; } = TimeSpan.FromDays(30);
}

/// <summary>
/// Carts in DynamoDB <c>ecommerce-carts</c> (user_id + product_id). DynamoDB removes expired lines hours late, so a
/// line past its <c>expires_at</c> is treated as gone on every read.
/// </summary>
public sealed class CartStore(IAmazonDynamoDB dynamoDb, IOptions<CartOptions> options, TimeProvider clock)
{
    public TimeSpan ItemLifetime => options.Value.ItemLifetime;

    public async Task<IReadOnlyList<CartItem>> ListAsync(Guid userId, CancellationToken cancellationToken)
    {
        var items = new List<CartItem>();
        Dictionary<string, AttributeValue>? start = null;
        do
        {
            var page = await dynamoDb.QueryAsync(new QueryRequest
            {
                TableName = DynamoDbTables.Carts,
                KeyConditionExpression = "user_id = :user",
                ExpressionAttributeValues = new Dictionary<string, AttributeValue> { [":user"] = new() { S = userId.ToString() } },
                ConsistentRead = true,
                ExclusiveStartKey = start,
            }, cancellationToken);
            items.AddRange((page.Items ?? []).Select(FromItem));
            start = page.LastEvaluatedKey is { Count: > 0 } next ? next : null;
        }
        while (start is not null);
        var now = clock.GetUtcNow();
        return items.Where(i => i.ExpiresAt > now).OrderBy(i => i.AddedAt).ToList();
    }

    public async Task PutAsync(CartItem item, CancellationToken cancellationToken) =>
        await dynamoDb.PutItemAsync(new PutItemRequest { TableName = DynamoDbTables.Carts, Item = ToItem(item) }, cancellationToken);

    /// <summary>Removes a line; false when there was none (or only an expired one).</summary>
    public async Task<bool> RemoveAsync(Guid userId, Guid productId, CancellationToken cancellationToken)
    {
        var response = await dynamoDb.DeleteItemAsync(new DeleteItemRequest
        {
            TableName = DynamoDbTables.Carts,
            Key = Key(userId, productId),
            ReturnValues = ReturnValue.ALL_OLD,
        }, cancellationToken);
        return response.Attributes is { Count: > 0 } old && FromItem(old).ExpiresAt > clock.GetUtcNow();
    }

    public async Task ClearAsync(Guid userId, CancellationToken cancellationToken)
    {
        foreach (var item in await ListAsync(userId, cancellationToken))
        {
            await dynamoDb.DeleteItemAsync(DynamoDbTables.Carts, Key(userId, item.ProductId), cancellationToken);
        }
    }

    private static Dictionary<string, AttributeValue> Key(Guid userId, Guid productId) => new()
    {
        ["user_id"] = new() { S = userId.ToString() },
        ["product_id"] = new() { S = productId.ToString() },
    };

    private static Dictionary<string, AttributeValue> ToItem(CartItem item)
    {
        var attributes = Key(item.UserId, item.ProductId);
        attributes["name"] = new() { S = item.Name };
        attributes["quantity"] = new() { N = item.Quantity.ToString(CultureInfo.InvariantCulture) };
        // A DynamoDB number keeps the decimal exactly (up to 38 digits): no float on the way.
        attributes["unit_price"] = new() { N = item.UnitPrice.ToString(CultureInfo.InvariantCulture) };
        attributes["attributes"] = new()
        {
            M = item.Attributes.ToDictionary(a => a.Key, a => a.Value is bool flag ? new AttributeValue { BOOL = flag } : new AttributeValue { S = (string)a.Value }),
        };
        attributes["added_at"] = new() { S = item.AddedAt.ToString("O", CultureInfo.InvariantCulture) };
        attributes["expires_at"] = new() { N = item.ExpiresAt.ToUnixTimeSeconds().ToString(CultureInfo.InvariantCulture) };
        return attributes;
    }

    private static CartItem FromItem(Dictionary<string, AttributeValue> item) => new(
        Guid.Parse(item["user_id"].S),
        Guid.Parse(item["product_id"].S),
        item["name"].S,
        int.Parse(item["quantity"].N, CultureInfo.InvariantCulture),
        decimal.Parse(item["unit_price"].N, NumberStyles.Number, CultureInfo.InvariantCulture),
        (item.GetValueOrDefault("attributes")?.M ?? []).ToDictionary(a => a.Key, a => a.Value.IsBOOLSet ? (object)a.Value.BOOL! : a.Value.S),
        DateTimeOffset.Parse(item["added_at"].S, CultureInfo.InvariantCulture),
        DateTimeOffset.FromUnixTimeSeconds(long.Parse(item["expires_at"].N, CultureInfo.InvariantCulture)));

    /// <summary>The request's attribute values as stored: strings and booleans.</summary>
    public static IReadOnlyDictionary<string, object> Normalize(Dictionary<string, JsonElement>? attributes) =>
        (attributes ?? []).ToDictionary(a => a.Key, a => a.Value.ValueKind == JsonValueKind.String ? (object)a.Value.GetString()! : a.Value.GetBoolean());
}
