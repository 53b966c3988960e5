using Amazon.DynamoDBv2.Model;
using ECommerce.AppHost.Hosting;
using Microsoft.Extensions.Configuration;

namespace ECommerce.AppHost.Resources.DynamoDb;

public static class DynamoDbBuilderExtensions
{
    public static IResourceBuilder<DynamoDbLocalResource> AddDynamoDbLocal(this DistributedApplicationBuilder builder, string name) =>
        builder.AddResource(new DynamoDbLocalResource(name, builder.Configuration.GetConnectionString(name)));

    public static IResourceBuilder<DynamoDbLocalResource> WithTables(
        this IResourceBuilder<DynamoDbLocalResource> dynamodb,
        IEnumerable<CreateTableRequest> tables,
        IReadOnlyDictionary<string, string> timeToLive)
    {
        dynamodb.Resource.Tables.AddRange(tables);
        foreach (var (table, attribute) in timeToLive)
        {
            dynamodb.Resource.TimeToLiveAttributes[table] = attribute;
        }
        return dynamodb;
    }
}
