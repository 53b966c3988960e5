namespace ECommerce.Contracts.Orders;

/// <summary>
/// A payment given back in full: one that succeeded for an order already cancelled (its payment deadline won the
/// race). <see cref="RefundId"/> is the card gateway's.
/// </summary>
public sealed record OrderRefund(Guid PaymentId, string RefundId, decimal Amount, DateTimeOffset RefundedAt, string Reason);
