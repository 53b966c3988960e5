using Amazon.DynamoDBv2;
using ECommerce.Notifications.Lambda;
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
        var region = Environment.GetEnvironmentVariable("AWS_REGION")
            ?? throw new InvalidOperationException("AWS_REGION is not set (Lambda always sets it; the AppHost does too).");
        var config = new AmazonDynamoDBConfig();
        if (Environment.GetEnvironmentVariable("AWS_ENDPOINT_URL_DYNAMODB") is { Length: > 0 } endpoint)
        {
            config.ServiceURL = endpoint;
            config.AuthenticationRegion = region;
        }
        else
        {
            config.RegionEndpoint = Amazon.RegionEndpoint.GetBySystemName(region);
        }
        var table = Environment.GetEnvironmentVariable("NOTIFICATIONS_TABLE") is { Length: > 0 } name ? name : NotificationHandler.DefaultTable;
        var handler = new NotificationHandler(new AmazonDynamoDBClient(config), table, TimeProvider.System, loggerFactory.CreateLogger<NotificationHandler>());
        return handler.HandleAsync;
    }
}
