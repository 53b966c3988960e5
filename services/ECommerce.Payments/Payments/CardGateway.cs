namespace ECommerce.Payments.Payments;

public sealed record GatewayResult(bool Succeeded, string? TransactionId, string? FailureReason);

/// <summary>
/// A simulated card gateway; its test cards (any other valid number succeeds):
/// <list type="bullet">
/// <item><c>4242 4242 4242 4242</c> — success</item>
/// <item><c>4000 0000 0000 0002</c> — declined</item>
/// <item><c>4000 0000 0000 9995</c> — insufficient funds</item>
/// <item><c>4000 0000 0000 0119</c> — the gateway does not answer in time</item>
/// </list>
/// </summary>
public sealed class CardGateway
{
    public const string Declined = "4000000000000002";
    public const string InsufficientFunds = "4000000000009995";
    public const string GatewayTimeout = "4000000000000119";

    public Task<GatewayResult> ChargeAsync(string cardNumber, decimal amount, CancellationToken cancellationToken) =>
        Task.FromResult(cardNumber switch
        {
            Declined => new GatewayResult(false, null, "card_declined"),
            InsufficientFunds => new GatewayResult(false, null, "insufficient_funds"),
            // A real gateway's silence leaves the charge unknown; this one promises it did not happen.
            GatewayTimeout => new GatewayResult(false, null, "gateway_timeout"),
            _ => new GatewayResult(true, $"txn_{Guid.NewGuid():N}", null),
        });

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
