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

    /// <summary>
    /// The same update issued on its own: one description of a write serves both as an item of a transaction and as a
    /// single <c>UpdateItem</c>, whichever the caller needs.
    /// </summary>
    public static UpdateItemRequest AsRequest(this Update update) => new()
    {
        TableName = update.TableName,
        Key = update.Key,
        UpdateExpression = update.UpdateExpression,
        ConditionExpression = update.ConditionExpression,
        ExpressionAttributeNames = update.ExpressionAttributeNames,
        ExpressionAttributeValues = update.ExpressionAttributeValues,
    };
}
