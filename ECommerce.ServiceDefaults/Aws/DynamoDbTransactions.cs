using Amazon.DynamoDBv2.Model;

namespace ECommerce.ServiceDefaults.Aws;

public static class DynamoDbTransactions
{
    /// <summary>
    /// The transaction did not happen because of the data, not a fault: its first condition failed
    /// (ConditionalCheckFailed), or another transaction was writing the same item at that moment (TransactionConflict).
    /// The caller looks at what is stored now and answers from that.
    /// </summary>
    public static bool LostToCurrentState(this TransactionCanceledException exception) =>
        exception.CancellationReasons?.FirstOrDefault()?.Code is "ConditionalCheckFailed" or "TransactionConflict";
}
