using Amazon.DynamoDBv2;
using ECommerce.Lambda.RuntimeSupport;
using Microsoft.Extensions.Logging;

namespace ECommerce.Notifications.Function;

/// <summary>
/// The function's initialisation, done once per execution environment: a DynamoDB client from Lambda's standard
/// variables (AWS_REGION and the role's credentials; AWS_ENDPOINT_URL_DYNAMODB locally) and the handler.
/// </summary>
public static class NotificationFunction
{
    public static LambdaHandler<SqsEvent, SqsBatchResponse> Create(ILoggerFactory loggerFactory)
    {
        var config = AwsClientConfig.FromEnvironment("DYNAMODB", new AmazonDynamoDBConfig());
        var table = Environment.GetEnvironmentVariable("NOTIFICATIONS_TABLE") is { Length: > 0 } name ? name : NotificationHandler.DefaultTable;
        var handler = new NotificationHandler(new AmazonDynamoDBClient(config), table, TimeProvider.System, loggerFactory.CreateLogger<NotificationHandler>());
        return handler.HandleAsync;
    }
}
