using ECommerce.AppHost;
using ECommerce.AppHost.Hosting;
using ECommerce.AppHost.Resources.Aws;
using ECommerce.AppHost.Resources.DynamoDb;
using ECommerce.AppHost.Resources.Kafka;
using ECommerce.AppHost.Resources.Lambda;
using ECommerce.AppHost.Resources.Parameters;
using ECommerce.AppHost.Resources.Postgres;
using ECommerce.AppHost.Resources.Projects;
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
    // Six times the notification function's timeout, as AWS advises for a queue that triggers a function.
    .WithQueue(new QueueDefinition(SqsQueues.OrderEvents, DeadLetterQueue: SqsQueues.OrderEventsDeadLetter, MaxReceiveCount: 3,
        VisibilityTimeout: TimeSpan.FromSeconds(180)))
    .WithBucket(S3Buckets.ProductImages)
    .WithBucket(S3Buckets.OrderDocuments)
    .WithBucket(S3Buckets.AnalyticsResults);

var jwtSigningKey = builder.AddGeneratedSecret("jwt-signing-key");
var fingerprintKey = builder.AddGeneratedSecret("idempotency-fingerprint-key");
var adminEmail = builder.AddParameter("admin-email", "admin@ecommerce.local");
var adminPassword = builder.AddGeneratedSecret("admin-password");

var users = builder.AddProject(ResourceNames.Users, "services/ECommerce.Users/ECommerce.Users.csproj", port: 5101)
    .WithReference(database)
    .WithReference(dynamodb)
    .WithTokenValidation(jwtSigningKey)
    .WithEnvironment("Admin__Email", adminEmail)
    .WithEnvironment("Admin__Password", adminPassword);

var products = builder.AddProject(ResourceNames.Products, "services/ECommerce.Products/ECommerce.Products.csproj", port: 5102)
    .WithReference(database)
    .WithReference(dynamodb)
    .WithReference(aws)
    .WithTokenValidation(jwtSigningKey);

var orders = builder.AddProject(ResourceNames.Orders, "services/ECommerce.Orders/ECommerce.Orders.csproj", port: 5103)
    .WithReference(dynamodb)
    .WithReference(kafka)
    .WithReference(aws)
    .WithReference(users)
    .WithReference(products)
    .WithTokenValidation(jwtSigningKey)
    .WithEnvironment("Idempotency__FingerprintKey", fingerprintKey);

var payments = builder.AddProject(ResourceNames.Payments, "services/ECommerce.Payments/ECommerce.Payments.csproj", port: 5104)
    .WithReference(dynamodb)
    .WithReference(orders)
    .WithTokenValidation(jwtSigningKey)
    .WithEnvironment("Idempotency__FingerprintKey", fingerprintKey);

// The serverless path: order events from SQS, one notification record each (a Lambda function on a custom runtime).
builder.AddLambdaFunction(ResourceNames.Notifications, "services/ECommerce.Notifications/ECommerce.Notifications.csproj")
    .WithSettings(timeout: TimeSpan.FromSeconds(30), memorySizeMb: 256, concurrency: 2)
    .WithReference(dynamodb)
    .WithEnvironment("NOTIFICATIONS_TABLE", DynamoDbTables.Notifications)
    .WithSqsEventSource(aws, new SqsEventSource(SqsQueues.OrderEvents, BatchSize: 10, BatchWindow: TimeSpan.FromSeconds(1)));

// The one public entry point.
builder.AddProject(ResourceNames.Gateway, "services/ECommerce.Gateway/ECommerce.Gateway.csproj", port: 8080)
    .WithReference(users)
    .WithReference(products)
    .WithReference(orders)
    .WithReference(payments)
    .WithReference(dynamodb)
    .WithTokenValidation(jwtSigningKey);

builder.Build().Run();

/// <summary>The AppHost's entry point, public so tests can run this graph (see DistributedApplicationFactory).</summary>
public partial class Program;
