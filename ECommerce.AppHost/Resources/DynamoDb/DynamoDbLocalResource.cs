using Amazon.DynamoDBv2;
using Amazon.DynamoDBv2.Model;
using ECommerce.AppHost.Resources.Aws;
using ECommerce.ServiceDefaults.Aws;

namespace ECommerce.AppHost.Resources.DynamoDb;

/// <summary>
/// DynamoDB: AWS's DynamoDB Local (Java) from the pinned npm package, bound to 127.0.0.1 by a small launcher, with its
/// data in the AppHost's data folder and the tables of the catalog created before it reports healthy.
/// </summary>
public sealed class DynamoDbLocalResource(string name, string command, string workingDirectory)
    : ExecutableResource(name, command, workingDirectory), IAwsEndpointResource, IAwsCatalog
{
    public const string Region = ExistingAwsResource.DefaultRegion;

    public List<CreateTableRequest> Tables { get; } = [];

    /// <summary>Tables whose items expire: table name → TTL attribute.</summary>
    public Dictionary<string, string> TimeToLiveAttributes { get; } = [];

    public EndpointReference Endpoint => new(this, "http");

    public IReadOnlyList<string> ServiceIds => [AwsServices.DynamoDb];

    string IAwsEndpointResource.Region => Region;

    public ReferenceExpression ServiceUrl => ReferenceExpression.Create($"{Endpoint}");

    ReferenceExpression? IAwsEndpointResource.ServiceUrl => ServiceUrl;

    public bool IsLocalEmulator => true;

    /// <summary>A client for the emulator (it takes any credentials), without retries: a probe wants the first answer.</summary>
    public AmazonDynamoDBClient CreateClient() =>
        new(LocalCredentials.Instance,
            new AwsServiceSettings(Region, new Uri(Endpoint.Url)).Apply(new AmazonDynamoDBConfig { MaxErrorRetry = 0 }));

    public AwsResourceKind? KindOf(string name) => Tables.Any(t => t.TableName == name) ? AwsResourceKind.Table : null;
}
