using System.Diagnostics.Metrics;

namespace ECommerce.Payments.Payments;

/// <summary>
/// Payments by outcome: <c>success</c>, <c>failed</c> (the card was declined), <c>refunded</c> (charged for an order
/// cancelled meanwhile, and given back) or <c>refused</c> (with the reason).
/// </summary>
public sealed class PaymentMetrics
{
    public const string MeterName = "ECommerce.Payments";

    private readonly Counter<long> _payments;

    public PaymentMetrics(IMeterFactory meterFactory)
    {
        _payments = meterFactory.Create(MeterName)
            .CreateCounter<long>("ecommerce.payments", "{payment}", "Payment requests by outcome (success, failed, refunded, refused) and refusal reason.");
    }

    public void Outcome(PaymentOutcome outcome)
    {
        var (name, reason) = outcome switch
        {
            PaymentOutcome.Recorded { Payment.Status: var status } => (status, ""),
            PaymentOutcome.Refused refused => ("refused", refused.Reason),
            _ => ("unknown", ""),
        };
        _payments.Add(1, new KeyValuePair<string, object?>("outcome", name), new KeyValuePair<string, object?>("reason", reason));
    }
}
