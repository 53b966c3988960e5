using System.Globalization;
using Amazon.DynamoDBv2;
using Amazon.DynamoDBv2.Model;
using ECommerce.ServiceDefaults.Aws;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;

namespace ECommerce.ServiceDefaults.Idempotency;

/// <summary>The <c>Idempotency</c> section.</summary>
public sealed class IdempotencyOptions
{
    public const string SectionName = "Idempotency";

    /// <summary>How long a key and its response are kept (at least a day: clients retry across restarts).</summary>
    public TimeSpan Retention { get; set; } = TimeSpan.FromHours(25);

    /// <summary>A request still "in progress" after this long died with its process; the key may be used again.</summary>
    public TimeSpan AbandonedAfter { get; set; } = TimeSpan.FromMinutes(2);

    /// <summary>
    /// The secret that keys the request fingerprints (HMAC-SHA256): a body can hold a card number, and a plain hash
    /// of it kept for a day could be reversed by trying the few numbers that fit.
    /// </summary>
    public string FingerprintKey { get; set; } = "";
}

public abstract record IdempotencyClaim
{
    /// <param name="ClaimId">This request's hold on the key: writes for the key count only while it still holds it.</param>
    public sealed record Started(string ClaimId) : IdempotencyClaim;

    public sealed record InProgress : IdempotencyClaim;

    public sealed record DifferentRequest : IdempotencyClaim;

    public sealed record Completed(int Status, string Body, string? Location) : IdempotencyClaim;
}

/// <summary>
/// Idempotency keys in DynamoDB <c>ecommerce-idempotency-keys</c>. The key is claimed by a conditional write —
/// never checked and then inserted — so of two requests with one key exactly one runs. Each claim has its own id, and
/// recording the response or releasing the key is conditional on it: a request that outlived its claim (abandoned,
/// then taken over by a retry) can no longer write for the key.
/// </summary>
public sealed class IdempotencyStore(IAmazonDynamoDB dynamoDb, IOptions<IdempotencyOptions> options, TimeProvider clock)
{
    /// <summary>What identifies a request's content without keeping it: HMAC-SHA256 under the configured key.</summary>
    public string Fingerprint(string canonicalBody) => Convert.ToHexStringLower(
        System.Security.Cryptography.HMACSHA256.HashData(System.Text.Encoding.UTF8.GetBytes(options.Value.FingerprintKey),
            System.Text.Encoding.UTF8.GetBytes(canonicalBody)));

    private const string InProgressStatus = "in_progress";
    private const string CompletedStatus = "completed";

    public async Task<IdempotencyClaim> ClaimAsync(string scopeKey, string fingerprint, CancellationToken cancellationToken)
    {
        var now = clock.GetUtcNow();
        var claimId = Guid.NewGuid().ToString("N");
        try
        {
            await dynamoDb.PutItemAsync(new PutItemRequest
            {
                TableName = DynamoDbTables.IdempotencyKeys,
                Item = new Dictionary<string, AttributeValue>
                {
                    ["scope_key"] = new() { S = scopeKey },
                    ["status"] = new() { S = InProgressStatus },
                    ["fingerprint"] = new() { S = fingerprint },
                    ["claim_id"] = new() { S = claimId },
                    ["locked_at"] = new() { N = now.ToUnixTimeMilliseconds().ToString(CultureInfo.InvariantCulture) },
                    ["expires_at"] = new() { N = (now + options.Value.Retention).ToUnixTimeSeconds().ToString(CultureInfo.InvariantCulture) },
                },
                // Free, expired (DynamoDB deletes late), or left behind by a request that died.
                ConditionExpression = "attribute_not_exists(scope_key) OR expires_at < :now OR (#status = :in_progress AND locked_at < :abandoned)",
                ExpressionAttributeNames = new Dictionary<string, string> { ["#status"] = "status" },
                ExpressionAttributeValues = new Dictionary<string, AttributeValue>
                {
                    [":now"] = new() { N = now.ToUnixTimeSeconds().ToString(CultureInfo.InvariantCulture) },
                    [":in_progress"] = new() { S = InProgressStatus },
                    [":abandoned"] = new() { N = (now - options.Value.AbandonedAfter).ToUnixTimeMilliseconds().ToString(CultureInfo.InvariantCulture) },
                },
            }, cancellationToken);
            return new IdempotencyClaim.Started(claimId);
        }
        catch (ConditionalCheckFailedException)
        {
            var existing = (await dynamoDb.GetItemAsync(new GetItemRequest
            {
                TableName = DynamoDbTables.IdempotencyKeys,
                Key = new Dictionary<string, AttributeValue> { ["scope_key"] = new() { S = scopeKey } },
                ConsistentRead = true,
            }, cancellationToken)).Item;
            if (existing is not { Count: > 0 })
            {
                // Abandoned and deleted between the two calls: claim again.
                return await ClaimAsync(scopeKey, fingerprint, cancellationToken);
            }
            if (existing["fingerprint"].S != fingerprint)
            {
                return new IdempotencyClaim.DifferentRequest();
            }
            return existing["status"].S == CompletedStatus
                ? new IdempotencyClaim.Completed(int.Parse(existing["response_status"].N, CultureInfo.InvariantCulture),
                    existing["response_body"].S, existing.GetValueOrDefault("location")?.S)
                : new IdempotencyClaim.InProgress();
        }
    }

    /// <summary>Records the response, if the claim is still this request's; false when a retry took the key over.</summary>
    public async Task<bool> CompleteAsync(string scopeKey, string claimId, int status, string body, string? location, CancellationToken cancellationToken)
    {
        try
        {
            await dynamoDb.UpdateItemAsync(Completion(scopeKey, claimId, status, body, location).AsRequest(), cancellationToken);
            return true;
        }
        catch (ConditionalCheckFailedException)
        {
            return false;
        }
    }

    /// <summary>
    /// The same record as one item of the caller's own DynamoDB transaction, so the response is stored with the
    /// operation's effect or not at all. The transaction fails on this item when the claim is no longer this request's.
    /// </summary>
    public TransactWriteItem CompletionItem(string scopeKey, string claimId, int status, string body, string? location) =>
        new() { Update = Completion(scopeKey, claimId, status, body, location) };

    private Update Completion(string scopeKey, string claimId, int status, string body, string? location)
    {
        var values = new Dictionary<string, AttributeValue>
        {
            [":completed"] = new() { S = CompletedStatus },
            [":status"] = new() { N = status.ToString(CultureInfo.InvariantCulture) },
            [":body"] = new() { S = body },
            [":expires"] = new() { N = (clock.GetUtcNow() + options.Value.Retention).ToUnixTimeSeconds().ToString(CultureInfo.InvariantCulture) },
            [":claim"] = new() { S = claimId },
        };
        var update = "SET #status = :completed, response_status = :status, response_body = :body, expires_at = :expires";
        var names = new Dictionary<string, string> { ["#status"] = "status" };
        if (location is not null)
        {
            update += ", #location = :location";
            names["#location"] = "location";
            values[":location"] = new() { S = location };
        }
        return new Update
        {
            TableName = DynamoDbTables.IdempotencyKeys,
            Key = new Dictionary<string, AttributeValue> { ["scope_key"] = new() { S = scopeKey } },
            UpdateExpression = update,
            // Only while the key is still this request's.
            ConditionExpression = "claim_id = :claim",
            ExpressionAttributeNames = names,
            ExpressionAttributeValues = values,
        };
    }

    /// <summary>The request failed on the server's side: the key is freed so the client's retry can run (unless a retry already holds it, or the answer was stored after all).</summary>
    public async Task ReleaseAsync(string scopeKey, string claimId)
    {
        try
        {
            await dynamoDb.DeleteItemAsync(new DeleteItemRequest
            {
                TableName = DynamoDbTables.IdempotencyKeys,
                Key = new Dictionary<string, AttributeValue> { ["scope_key"] = new() { S = scopeKey } },
                // Never a stored response: a handler's transaction may have recorded it before the failure surfaced.
                ConditionExpression = "claim_id = :claim AND #status = :in_progress",
                ExpressionAttributeNames = new Dictionary<string, string> { ["#status"] = "status" },
                ExpressionAttributeValues = new Dictionary<string, AttributeValue>
                {
                    [":claim"] = new() { S = claimId },
                    [":in_progress"] = new() { S = InProgressStatus },
                },
            }, CancellationToken.None);
        }
        catch (ConditionalCheckFailedException)
        {
            // Another request holds the key now, or this one's answer is already stored: not this one's to free.
        }
    }
}

public static class IdempotencyExtensions
{
    /// <summary>The store behind <see cref="IdempotencyFilterExtensions.WithIdempotencyKey{TRequest}"/>, configured from <c>Idempotency</c>.</summary>
    public static IHostApplicationBuilder AddIdempotencyKeys(this IHostApplicationBuilder builder)
    {
        if (builder.Configuration[$"{IdempotencyOptions.SectionName}:FingerprintKey"] is not { Length: >= 32 })
        {
            throw new InvalidOperationException(
                $"Configuration {IdempotencyOptions.SectionName}:FingerprintKey (at least 32 characters) is missing (environment variable {IdempotencyOptions.SectionName}__FingerprintKey).");
        }
        builder.Services.Configure<IdempotencyOptions>(builder.Configuration.GetSection(IdempotencyOptions.SectionName));
        builder.Services.AddSingleton<IdempotencyStore>();
        return builder;
    }
}
