using System.Text.Json;
using Amazon.DynamoDBv2.Model;
using ECommerce.Contracts;
using Microsoft.AspNetCore.Http;

namespace ECommerce.ServiceDefaults.Idempotency;

/// <summary>
/// The claimed key of the request being handled, as an <see cref="HttpContext.Features">HTTP feature</see> set by
/// <see cref="IdempotencyFilter{TRequest}"/>. A handler whose effect is one DynamoDB transaction adds
/// <see cref="ResponseItem"/> to it: the response is then stored with the effect or not at all, and the transaction
/// fails if a retry took the key over meanwhile — so an abandoned request cannot add a second effect. The filter
/// then leaves the recording to the handler.
/// </summary>
public sealed class IdempotentRequest(IdempotencyStore store, string scopeKey, string claimId)
{
    /// <summary>True once the handler took the recording of the response into its own transaction.</summary>
    public bool RecordedByHandler { get; private set; }

    /// <summary>The response as the filter would have stored it: status, JSON body, Location.</summary>
    public TransactWriteItem ResponseItem<TValue>(int status, TValue value, string? location)
    {
        RecordedByHandler = true;
        return store.CompletionItem(scopeKey, claimId, status, JsonSerializer.Serialize(value, value!.GetType(), ContractJson.Options), location);
    }
}
