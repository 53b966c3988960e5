using ECommerce.AppHost.Hosting;
using ECommerce.AppHost.Resources.Aws;
using ECommerce.AppHost.Resources.DynamoDb;
using ECommerce.AppHost.Resources.Kafka;
using ECommerce.AppHost.Resources.Postgres;
using ECommerce.ServiceDefaults;

// The whole ECommerce graph. `run` boots it, the tests boot it, and (later) `publish` describes it for deployment.

var builder = DistributedApplication.CreateBuilder(args);

var postgres = builder.AddPostgres(ResourceNames.Postgres);
var database = postgres.AddDatabase(ResourceNames.Database);

var kafka = builder.AddKafka(ResourceNames.Kafka)
    .WithTopic(KafkaTopics.Orders, partitions: 3);

var dynamodb = builder.AddDynamoDbLocal(ResourceNames.DynamoDb)
    .WithTables(DynamoDbTableCatalog.Tables, DynamoDbTableCatalog.TimeToLive);

var aws = builder.AddFauxqs(ResourceNames.Aws)
    .WithQueue(new QueueDefinition(SqsQueues.OrderEventsDeadLetter, Retention: TimeSpan.FromDays(14)))
    .WithQueue(new QueueDefinition(SqsQueues.OrderEvents, DeadLetterQueue: SqsQueues.OrderEventsDeadLetter, MaxReceiveCount: 3))
    .WithBucket(S3Buckets.ProductImages)
    .WithBucket(S3Buckets.OrderDocuments)
    .WithBucket(S3Buckets.AnalyticsResults);

// Services join here as they land: builder.AddProject(ResourceNames.Users, "services/...").WithReference(database)…

builder.Build().Run();

/// <summary>The AppHost's entry point, public so tests can run this graph (see DistributedApplicationFactory).</summary>
public partial class Program;
