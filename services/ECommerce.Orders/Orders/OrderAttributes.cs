using System.Globalization;
using Amazon.DynamoDBv2.Model;
using ECommerce.Contracts.Orders;

namespace ECommerce.Orders.Orders;

/// <summary>The shipping address and the confirming payment as DynamoDB maps on the order item, and back.</summary>
internal static class OrderAttributes
{
    public static AttributeValue Address(ShippingAddress address)
    {
        var map = new Dictionary<string, AttributeValue>
        {
            ["name"] = new() { S = address.Name },
            ["line1"] = new() { S = address.Line1 },
            ["city"] = new() { S = address.City },
            ["postal_code"] = new() { S = address.PostalCode },
            ["country"] = new() { S = address.Country },
        };
        if (address.Line2 is not null)
        {
            map["line2"] = new() { S = address.Line2 };
        }
        if (address.Region is not null)
        {
            map["region"] = new() { S = address.Region };
        }
        return new AttributeValue { M = map };
    }

    public static ShippingAddress Address(AttributeValue value) => new(
        value.M["name"].S, value.M["line1"].S, value.M.GetValueOrDefault("line2")?.S, value.M["city"].S,
        value.M.GetValueOrDefault("region")?.S, value.M["postal_code"].S, value.M["country"].S);

    public static AttributeValue Payment(OrderPayment payment)
    {
        var map = new Dictionary<string, AttributeValue>
        {
            ["payment_id"] = new() { S = payment.PaymentId.ToString() },
            ["card_last4"] = new() { S = payment.CardLast4 },
            ["paid_at"] = new() { S = payment.PaidAt.ToString("O", CultureInfo.InvariantCulture) },
        };
        if (payment.TransactionId is not null)
        {
            map["transaction_id"] = new() { S = payment.TransactionId };
        }
        return new AttributeValue { M = map };
    }

    public static AttributeValue Refund(OrderRefund refund) => new()
    {
        M = new Dictionary<string, AttributeValue>
        {
            ["payment_id"] = new() { S = refund.PaymentId.ToString() },
            ["refund_id"] = new() { S = refund.RefundId },
            ["amount"] = new() { N = refund.Amount.ToString(CultureInfo.InvariantCulture) },
            ["refunded_at"] = new() { S = refund.RefundedAt.ToString("O", CultureInfo.InvariantCulture) },
            ["reason"] = new() { S = refund.Reason },
        },
    };

    public static OrderRefund Refund(AttributeValue value) => new(
        Guid.Parse(value.M["payment_id"].S), value.M["refund_id"].S,
        decimal.Parse(value.M["amount"].N, NumberStyles.Number, CultureInfo.InvariantCulture),
        DateTimeOffset.Parse(value.M["refunded_at"].S, CultureInfo.InvariantCulture), value.M["reason"].S);

    public static OrderPayment Payment(AttributeValue value) => new(
        Guid.Parse(value.M["payment_id"].S), value.M["card_last4"].S, value.M.GetValueOrDefault("transaction_id")?.S,
        DateTimeOffset.Parse(value.M["paid_at"].S, CultureInfo.InvariantCulture));
}
