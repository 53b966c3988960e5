using Amazon.DynamoDBv2;
using Amazon.DynamoDBv2.Model;
using ECommerce.ServiceDefaults;

namespace ECommerce.AppHost.Resources.DynamoDb;

/// <summary>
/// Every DynamoDB table of the system (docs/architecture.md): keys, the secondary indexes the services query by, and TTL
/// attributes. On-demand billing, as deployed.
/// </summary>
public static class DynamoDbTableCatalog
{
    public const string SessionsByUserIndex = ECommerce.ServiceDefaults.Authentication.SessionStore.SessionsByUserIndex;

    public static IReadOnlyList<CreateTableRequest> Tables { get; } =
    [
        // By user too: suspending an account ends all of its sessions at once.
        Table(DynamoDbTables.Sessions, Key("session_id"),
            indexes: [Index(SessionsByUserIndex, Key("user_id"), Key("created_at"))]),
        Table(DynamoDbTables.Carts, Key("user_id"), Key("product_id")),
        // By user (a customer's orders) and by status (pending orders past their payment time).
        Table(DynamoDbTables.Orders, Key("id"),
            indexes: [Index("user_id-created_at-index", Key("user_id"), Key("created_at")), Index("status-created_at-index", Key("status"), Key("created_at"))]),
        // Unpublished outbox records carry a "pending" attribute; the sparse index lists exactly those, oldest first.
        Table(DynamoDbTables.OrderOutbox, Key("event_id"),
            indexes: [Index("pending-index", Key("pending"), Key("created_at"))]),
        // Payments whose saga step (confirm or cancel the order) is still to be done carry "saga_pending".
        Table(DynamoDbTables.Payments, Key("id"),
            indexes: [Index("order_id-index", Key("order_id"), Key("created_at")), Index("saga-pending-index", Key("saga_pending"), Key("created_at"))]),
        Table(DynamoDbTables.IdempotencyKeys, Key("scope_key")),
        Table(DynamoDbTables.Notifications, Key("order_id"), Key("timestamp")),
        Table(DynamoDbTables.AnalyticsWindows, Key("window_id")),
    ];

    /// <summary>Table → TTL attribute (epoch seconds). DynamoDB deletes expired items lazily: readers check it too.</summary>
    public static IReadOnlyDictionary<string, string> TimeToLive { get; } = new Dictionary<string, string>
    {
        [DynamoDbTables.Sessions] = "expires_at",
        [DynamoDbTables.Carts] = "expires_at",
        [DynamoDbTables.IdempotencyKeys] = "expires_at",
        [DynamoDbTables.Notifications] = "ttl",
    };

    private static (string Name, ScalarAttributeType Type) Key(string name) => (name, ScalarAttributeType.S);

    private static GlobalSecondaryIndex Index(string name, (string Name, ScalarAttributeType Type) hash, (string Name, ScalarAttributeType Type) range) => new()
    {
        IndexName = name,
        KeySchema = [new KeySchemaElement(hash.Name, KeyType.HASH), new KeySchemaElement(range.Name, KeyType.RANGE)],
        Projection = new Projection { ProjectionType = ProjectionType.ALL },
    };

    private static CreateTableRequest Table(
        string name,
        (string Name, ScalarAttributeType Type) hash,
        (string Name, ScalarAttributeType Type)? range = null,
        GlobalSecondaryIndex[]? indexes = null)
    {
        var keys = new List<KeySchemaElement> { new(hash.Name, KeyType.HASH) };
        var attributes = new Dictionary<string, ScalarAttributeType> { [hash.Name] = hash.Type };
        if (range is { } r)
        {
            keys.Add(new KeySchemaElement(r.Name, KeyType.RANGE));
            attributes[r.Name] = r.Type;
        }
        foreach (var element in (indexes ?? []).SelectMany(i => i.KeySchema))
        {
            attributes[element.AttributeName] = ScalarAttributeType.S;
        }
        return new CreateTableRequest
        {
            TableName = name,
            BillingMode = BillingMode.PAY_PER_REQUEST,
            KeySchema = keys,
            AttributeDefinitions = attributes.Select(a => new AttributeDefinition(a.Key, a.Value)).ToList(),
            GlobalSecondaryIndexes = indexes?.ToList(),
        };
    }
}
