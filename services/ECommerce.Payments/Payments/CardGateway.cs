using System.Globalization;
using Amazon.DynamoDBv2;
using Amazon.DynamoDBv2.Model;
using ECommerce.ServiceDefaults;

namespace ECommerce.Payments.Payments;

public sealed record GatewayResult(bool Succeeded, string? TransactionId, string? FailureReason);

public sealed record GatewayRefund(string RefundId);

/// <summary>
/// A simulated card gateway, with the shape of a real one: charges are keyed by our payment id (the idempotency key a
/// real gateway takes), so asking twice answers the first outcome and <see cref="SettleUnansweredAsync"/> can ask what
/// happened to a charge whose answer never arrived. Its test cards (any other valid number succeeds):
/// <list type="bullet">
/// <item><c>4242 4242 4242 4242</c> — success</item>
/// <item><c>4000 0000 0000 0002</c> — declined</item>
/// <item><c>4000 0000 0000 9995</c> — insufficient funds</item>
/// <item><c>4000 0000 0000 0119</c> — the gateway does not answer in time</item>
/// <item><c>4000 0000 0000 3006</c> — success, answered after 3 seconds (time for the order to be cancelled, or the
/// payments service to stop, meanwhile)</item>
/// </list>
/// Its ledger — what a real gateway keeps on its side — is one item per payment, <c>gateway-charge:{payment id}</c>, in
/// the payments table (the simulation has no storage of its own). Refunds are whole, and keyed by the payment too.
/// </summary>
public sealed class CardGateway(IAmazonDynamoDB dynamoDb, TimeProvider clock)
{
    public const string Declined = "4000000000000002";
    public const string InsufficientFunds = "4000000000009995";
    public const string GatewayTimeout = "4000000000000119";
    public const string SlowSuccess = "4000000000003006";
    public const string Voided = "voided_unanswered";
    public static readonly TimeSpan SlowCardDelay = TimeSpan.FromSeconds(3);

    /// <summary>Charges the card for the payment, once: a payment charged (or voided) already gets its first outcome.</summary>
    public async Task<GatewayResult> ChargeAsync(Guid paymentId, string cardNumber, decimal amount, CancellationToken cancellationToken)
    {
        var outcome = cardNumber switch
        {
            Declined => new GatewayResult(false, null, "card_declined"),
            InsufficientFunds => new GatewayResult(false, null, "insufficient_funds"),
            // A real gateway's silence leaves the charge unknown; this one promises it did not happen.
            GatewayTimeout => new GatewayResult(false, null, "gateway_timeout"),
            _ => new GatewayResult(true, $"txn_{Guid.NewGuid():N}", null),
        };
        var recorded = await RecordOnceAsync(paymentId, outcome, cancellationToken);
        if (cardNumber == SlowSuccess)
        {
            // Charged; the answer is what is slow, as when a caller stops before hearing it.
            await Task.Delay(SlowCardDelay, cancellationToken);
        }
        return recorded;
    }

    /// <summary>
    /// For a payment whose caller never heard back: the outcome of its charge, or — if the gateway never saw it — a
    /// void, recorded so that the charge cannot happen later.
    /// </summary>
    public Task<GatewayResult> SettleUnansweredAsync(Guid paymentId, CancellationToken cancellationToken) =>
        RecordOnceAsync(paymentId, new GatewayResult(false, null, Voided), cancellationToken);

    /// <summary>Gives a successful charge back in full; the refund id follows from the payment, so a retry is the same refund.</summary>
    public Task<GatewayRefund> RefundAsync(Guid paymentId, string transactionId, decimal amount, CancellationToken cancellationToken) =>
        Task.FromResult(new GatewayRefund($"re_{paymentId:N}"));

    private async Task<GatewayResult> RecordOnceAsync(Guid paymentId, GatewayResult outcome, CancellationToken cancellationToken)
    {
        var item = new Dictionary<string, AttributeValue>
        {
            ["id"] = new() { S = LedgerId(paymentId) },
            ["succeeded"] = new() { BOOL = outcome.Succeeded },
            ["at"] = new() { S = clock.GetUtcNow().ToString("O", CultureInfo.InvariantCulture) },
        };
        if (outcome.TransactionId is not null)
        {
            item["transaction_id"] = new() { S = outcome.TransactionId };
        }
        if (outcome.FailureReason is not null)
        {
            item["failure_reason"] = new() { S = outcome.FailureReason };
        }
        try
        {
            await dynamoDb.PutItemAsync(new PutItemRequest
            {
                TableName = DynamoDbTables.Payments,
                Item = item,
                ConditionExpression = "attribute_not_exists(id)",
            }, cancellationToken);
            return outcome;
        }
        catch (ConditionalCheckFailedException)
        {
            var first = (await dynamoDb.GetItemAsync(new GetItemRequest
            {
                TableName = DynamoDbTables.Payments,
                Key = new Dictionary<string, AttributeValue> { ["id"] = new() { S = LedgerId(paymentId) } },
                ConsistentRead = true,
            }, cancellationToken)).Item;
            return new GatewayResult(first["succeeded"].BOOL == true, first.GetValueOrDefault("transaction_id")?.S, first.GetValueOrDefault("failure_reason")?.S);
        }
    }

    private static string LedgerId(Guid paymentId) => $"gateway-charge:{paymentId}";

    /// <summary>12 to 19 digits passing the Luhn check.</summary>
    public static bool IsValidNumber(string? number)
    {
        if (number is null || number.Length is < 12 or > 19 || !number.All(char.IsAsciiDigit))
        {
            return false;
        }
        var sum = 0;
        for (var i = 0; i < number.Length; i++)
        {
            var digit = number[number.Length - 1 - i] - '0';
            if (i % 2 == 1)
            {
                digit *= 2;
                digit -= digit > 9 ? 9 : 0;
            }
            sum += digit;
        }
        return sum % 10 == 0;
    }
}
