using System.Globalization;
using Amazon.DynamoDBv2;
using Amazon.DynamoDBv2.Model;

namespace ECommerce.ServiceDefaults.Authentication;

/// <summary>
/// Sign-in sessions in DynamoDB <c>ecommerce-sessions</c>. The users service opens and ends them; every service
/// that validates a token asks whether its session is still open, so a logout takes effect everywhere at once.
/// DynamoDB deletes expired items late (hours), so expiry is checked on every read too.
/// </summary>
public sealed class SessionStore(IAmazonDynamoDB dynamoDb, TimeProvider clock)
{
    private const string SessionId = "session_id";
    private const string UserId = "user_id";
    private const string CreatedAt = "created_at";
    private const string ExpiresAt = "expires_at";

    /// <summary>Declared with the table by the AppHost.</summary>
    public const string SessionsByUserIndex = "user_id-created_at-index";

    public async Task OpenAsync(string sessionId, Guid userId, DateTimeOffset expiresAt, CancellationToken cancellationToken)
    {
        await dynamoDb.PutItemAsync(new PutItemRequest
        {
            TableName = DynamoDbTables.Sessions,
            Item = new Dictionary<string, AttributeValue>
            {
                [SessionId] = new() { S = sessionId },
                [UserId] = new() { S = userId.ToString() },
                [CreatedAt] = new() { S = clock.GetUtcNow().ToString("O", CultureInfo.InvariantCulture) },
                [ExpiresAt] = new() { N = expiresAt.ToUnixTimeSeconds().ToString(CultureInfo.InvariantCulture) },
            },
            ConditionExpression = "attribute_not_exists(session_id)",
        }, cancellationToken);
    }

    /// <summary>Ends the session if it belongs to the user; ending an ended session is not an error.</summary>
    public async Task EndAsync(string sessionId, Guid userId, CancellationToken cancellationToken)
    {
        try
        {
            await dynamoDb.DeleteItemAsync(new DeleteItemRequest
            {
                TableName = DynamoDbTables.Sessions,
                Key = new Dictionary<string, AttributeValue> { [SessionId] = new() { S = sessionId } },
                ConditionExpression = "attribute_not_exists(session_id) OR user_id = :user",
                ExpressionAttributeValues = new Dictionary<string, AttributeValue> { [":user"] = new() { S = userId.ToString() } },
            }, cancellationToken);
        }
        catch (ConditionalCheckFailedException)
        {
            // Someone else's session id: nothing to end for this user.
        }
    }

    /// <summary>Ends every session of the user (the account was suspended or closed).</summary>
    public async Task EndAllAsync(Guid userId, CancellationToken cancellationToken)
    {
        Dictionary<string, AttributeValue>? start = null;
        do
        {
            var page = await dynamoDb.QueryAsync(new QueryRequest
            {
                TableName = DynamoDbTables.Sessions,
                IndexName = SessionsByUserIndex,
                KeyConditionExpression = "user_id = :user",
                ExpressionAttributeValues = new Dictionary<string, AttributeValue> { [":user"] = new() { S = userId.ToString() } },
                ProjectionExpression = SessionId,
                ExclusiveStartKey = start,
            }, cancellationToken);
            foreach (var item in page.Items ?? [])
            {
                await dynamoDb.DeleteItemAsync(DynamoDbTables.Sessions,
                    new Dictionary<string, AttributeValue> { [SessionId] = item[SessionId] }, cancellationToken);
            }
            start = page.LastEvaluatedKey is { Count: > 0 } next ? next : null;
        }
        while (start is not null);
    }

    public async Task<bool> IsOpenAsync(string sessionId, Guid userId, CancellationToken cancellationToken)
    {
        var response = await dynamoDb.GetItemAsync(new GetItemRequest
        {
            TableName = DynamoDbTables.Sessions,
            Key = new Dictionary<string, AttributeValue> { [SessionId] = new() { S = sessionId } },
            ConsistentRead = true,
        }, cancellationToken);
        return response.Item is { Count: > 0 } item
            && item.TryGetValue(UserId, out var owner) && owner.S == userId.ToString()
            && item.TryGetValue(ExpiresAt, out var expires)
            && long.TryParse(expires.N, NumberStyles.Integer, CultureInfo.InvariantCulture, out var seconds)
            && DateTimeOffset.FromUnixTimeSeconds(seconds) > clock.GetUtcNow();
    }
}
