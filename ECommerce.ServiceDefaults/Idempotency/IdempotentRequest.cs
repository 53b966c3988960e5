using System.Text.Json;
using Amazon.DynamoDBv2.Model;
using ECommerce.Contracts;
using Microsoft.AspNetCore.Http;

namespace ECommerce.ServiceDefaults.Idempotency;

/// <summary>
/// The claimed key of the request being handled, as an <see cref="HttpContext.Features">HTTP feature</see> set by
/// <see cref="IdempotencyFilter{TRequest}"/>. A handler whose effect is one DynamoDB transaction adds
/// <see cref="ResponseItem"/> to it: the response is then stored with the effect or not at all, and the transaction
/// fails if a retry took the key over meanwhile, so the effect is not made twice. Once that transaction has committed,
/// the handler calls <see cref="MarkRecorded"/> and the filter leaves the recording to it; otherwise the filter records
/// the response itself, as for any endpoint.
/// </summary>
public sealed class IdempotentRequest(IdempotencyStore store, string scopeKey, string claimId)
{
    /// <summary>True once the handler's own transaction stored the response.</summary>
    public bool RecordedByHandler { get; private set; }

    /// <summary>The response as the filter would have stored it: status, JSON body, Location.</summary>
    public TransactWriteItem ResponseItem<TValue>(int status, TValue value, string? location) =>
        store.CompletionItem(scopeKey, claimId, status, JsonSerializer.Serialize(value, value!.GetType(), ContractJson.Options), location);

    /// <summary>The transaction holding <see cref="ResponseItem"/> committed.</summary>
    public void MarkRecorded() => RecordedByHandler = true;
}
