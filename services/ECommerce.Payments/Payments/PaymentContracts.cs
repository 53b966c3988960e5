using System.Text.Json.Serialization;

namespace ECommerce.Payments.Payments;

[JsonUnmappedMemberHandling(JsonUnmappedMemberHandling.Disallow)]
public sealed record CreatePaymentRequest(Guid OrderId, decimal Amount, PaymentMethodRequest Method);

/// <summary>Only cards, for now: <c>{"type": "card", "card_number": "4242424242424242"}</c>.</summary>
[JsonUnmappedMemberHandling(JsonUnmappedMemberHandling.Disallow)]
public sealed record PaymentMethodRequest(string Type, string CardNumber);

public static class PaymentStatuses
{
    public const string Pending = "pending";
    public const string Success = "success";
    public const string Failed = "failed";

    /// <summary>Charged, then given back in full: the order had been cancelled before the payment completed.</summary>
    public const string Refunded = "refunded";
}

/// <summary>A payment given back: the card gateway's refund id, when, and why.</summary>
public sealed record PaymentRefund(string RefundId, DateTimeOffset RefundedAt, string Reason);

public sealed record Payment(Guid Id, Guid OrderId, Guid UserId, decimal Amount, string Status, string CardLast4,
    string? TransactionId, string? FailureReason, DateTimeOffset CreatedAt, PaymentRefund? Refund = null);

/// <summary>A payment as clients see it: never the card number, only its last four digits.</summary>
public sealed record PaymentResponse(Guid Id, Guid OrderId, decimal Amount, string Status, string CardLast4,
    string? TransactionId, string? FailureReason, DateTimeOffset CreatedAt, PaymentRefund? Refund)
{
    public static PaymentResponse From(Payment p) =>
        new(p.Id, p.OrderId, p.Amount, p.Status, p.CardLast4, p.TransactionId, p.FailureReason, p.CreatedAt, p.Refund);
}
