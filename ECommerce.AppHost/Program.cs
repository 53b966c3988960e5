using ECommerce.AppHost;
using ECommerce.AppHost.Console;
using ECommerce.AppHost.Publishing;
using ECommerce.AppHost.Resources;
using ECommerce.AppHost.Resources.Aws;
using ECommerce.AppHost.Resources.DynamoDb;
using ECommerce.AppHost.Resources.Kafka;
using ECommerce.AppHost.Resources.Lambda;
using ECommerce.AppHost.Resources.Postgres;
using ECommerce.ServiceDefaults;

// The whole ECommerce graph. `run` boots it with the dashboard, the tests boot it through Aspire.Hosting.Testing,
// and `publish` writes it out for the clouds (Kubernetes for EKS and GKE, SAM, Dataproc, Terraform: Publishing/).

var builder = DistributedApplication.CreateBuilder(args)
    .AddStartupProgress()
    .AddCloudPublishing();

// Infrastructure: native processes on 127.0.0.1 (no containers), each healthy only once it serves and holds what the
// graph declares. A connection string in configuration (ConnectionStrings__{name}) names an existing one instead.
var database = builder.ExistingConnection(ResourceNames.Database)
    ?? builder.AddLocalPostgres(ResourceNames.Postgres, port: 15432).AddDatabase(ResourceNames.Database);

var kafka = builder.ExistingConnection(ResourceNames.Kafka)
    ?? builder.AddKafkaMockCluster(ResourceNames.Kafka, bootstrapPort: 9092)
        .WithTopic(KafkaTopics.Orders, partitions: 3)
        .WithAnalyticsTopics();

var dynamodb = builder.ExistingAwsEndpoint(ResourceNames.DynamoDb, AwsServices.DynamoDb)
    ?? builder.AddDynamoDbLocal(ResourceNames.DynamoDb, port: 8000)
        .WithTables(DynamoDbTableCatalog.Tables, DynamoDbTableCatalog.TimeToLive);

var aws = builder.ExistingAwsEndpoint(ResourceNames.Aws, AwsServices.Sqs, AwsServices.S3)
    ?? builder.AddFauxqs(ResourceNames.Aws, port: 4566)
        .WithQueue(new QueueDefinition(SqsQueues.OrderEventsDeadLetter, Retention: TimeSpan.FromDays(14)))
        // Six times the notification function's timeout, and five receives before the dead-letter queue, as AWS advises
        // for a queue that triggers a function: an outage of what the function writes to then has to outlast five
        // invocations and their visibility timeouts before a good event is set aside.
        .WithQueue(new QueueDefinition(SqsQueues.OrderEvents, DeadLetterQueue: SqsQueues.OrderEventsDeadLetter, MaxReceiveCount: 5,
            VisibilityTimeout: TimeSpan.FromSeconds(180)))
        .WithQueue(new QueueDefinition(SqsQueues.ProductImageEventsDeadLetter, Retention: TimeSpan.FromDays(14)))
        .WithQueue(new QueueDefinition(SqsQueues.ProductImageEvents, DeadLetterQueue: SqsQueues.ProductImageEventsDeadLetter, MaxReceiveCount: 5,
            VisibilityTimeout: TimeSpan.FromSeconds(180)))
        .WithBucket(S3Buckets.ProductImages, versioned: true)
        // S3 tells the queue of every object created under products/ (fauxqs has no notifications: the AppHost sends them).
        .WithBucketNotification(new BucketNotification(S3Buckets.ProductImages, SqsQueues.ProductImageEvents, Prefix: "products/"))
        .WithBucket(S3Buckets.OrderDocuments, versioned: true)
        .WithBucket(S3Buckets.AnalyticsResults);

// Generated once and kept in the AppHost's user secrets; Parameters__{name} sets them instead.
var jwtSigningKey = builder.AddGeneratedSecret("jwt-signing-key");
var fingerprintKey = builder.AddGeneratedSecret("idempotency-fingerprint-key");
var adminEmail = builder.AddParameter("admin-email", "admin@ecommerce.local");
var adminPassword = builder.AddGeneratedSecret("admin-password");

var users = builder.AddProject<Projects.ECommerce_Users>(ResourceNames.Users)
    .WithServiceEndpoints(port: 5101, managementPort: 5201)
    .WithReference(database).WaitFor(database)
    .WithAwsReference(dynamodb, writes: [DynamoDbTables.Sessions]).WaitFor(dynamodb)
    .WithTokenValidation(jwtSigningKey)
    .WithEnvironment("Admin__Email", adminEmail)
    .WithEnvironment("Admin__Password", adminPassword);

var products = builder.AddProject<Projects.ECommerce_Products>(ResourceNames.Products)
    .WithServiceEndpoints(port: 5102, managementPort: 5202)
    .WithReference(database).WaitFor(database)
    .WithAwsReference(dynamodb, reads: [DynamoDbTables.Sessions]).WaitFor(dynamodb)
    .WithAwsReference(aws, writes: [S3Buckets.ProductImages]).WaitFor(aws)
    .WithTokenValidation(jwtSigningKey);

var orders = builder.AddProject<Projects.ECommerce_Orders>(ResourceNames.Orders)
    .WithServiceEndpoints(port: 5103, managementPort: 5203)
    .WithAwsReference(dynamodb, reads: [DynamoDbTables.Sessions],
        writes: [DynamoDbTables.Orders, DynamoDbTables.Carts, DynamoDbTables.OrderOutbox, DynamoDbTables.IdempotencyKeys]).WaitFor(dynamodb)
    .WithReference(kafka).WaitFor(kafka)
    .WithAwsReference(aws, reads: [S3Buckets.OrderDocuments], writes: [SqsQueues.OrderEvents]).WaitFor(aws)
    .WithReference(users).WaitFor(users)
    .WithReference(products).WaitFor(products)
    .WithInternalAccessTo(users, products)
    .WithTokenValidation(jwtSigningKey)
    .WithEnvironment("Idempotency__FingerprintKey", fingerprintKey);

var payments = builder.AddProject<Projects.ECommerce_Payments>(ResourceNames.Payments)
    .WithServiceEndpoints(port: 5104, managementPort: 5204)
    .WithAwsReference(dynamodb, reads: [DynamoDbTables.Sessions], writes: [DynamoDbTables.Payments, DynamoDbTables.IdempotencyKeys]).WaitFor(dynamodb)
    .WithReference(orders).WaitFor(orders)
    .WithInternalAccessTo(orders)
    .WithTokenValidation(jwtSigningKey)
    .WithEnvironment("Idempotency__FingerprintKey", fingerprintKey);

// The serverless path: order events from SQS, one notification record each (a Lambda function on a custom runtime).
builder.AddLambdaFunction<Projects.ECommerce_Notifications>(ResourceNames.Notifications)
    .WithSettings(timeout: TimeSpan.FromSeconds(30), memorySizeMb: 256, concurrency: 2)
    .WithAwsReference(dynamodb, writes: [DynamoDbTables.Notifications]).WaitFor(dynamodb)
    .WithEnvironment("NOTIFICATIONS_TABLE", DynamoDbTables.Notifications)
    .WithSqsEventSource(aws, new SqsEventSource(SqsQueues.OrderEvents, BatchSize: 10, BatchWindow: TimeSpan.FromSeconds(1)))
    .WaitFor(aws);

// Order documents: invoice and receipt when an order is confirmed (paid), shipment label when it ships, as PDFs.
builder.AddProject<Projects.ECommerce_Documents>(ResourceNames.Documents)
    .WithServiceEndpoints(port: 5106, managementPort: 5206)
    .WithReference(kafka).WaitFor(kafka)
    .WithAwsReference(aws, writes: [S3Buckets.OrderDocuments]).WaitFor(aws);

// Product image thumbnails: S3 "object created" events (through SQS) → WebP thumbnails beside the original, a second
// Lambda function on the same custom runtime. It reads the originals and writes the thumbnails in the same bucket.
builder.AddLambdaFunction<Projects.ECommerce_Thumbnails>(ResourceNames.Thumbnails)
    .WithSettings(timeout: TimeSpan.FromSeconds(30), memorySizeMb: 1024, concurrency: 2)
    .WithAwsReference(aws, writes: [S3Buckets.ProductImages]).WaitFor(aws)
    .WithSqsEventSource(aws, new SqsEventSource(SqsQueues.ProductImageEvents, BatchSize: 5));

// Real-time analytics: a Kafka Streams job closing one-minute windows of the order events.
builder.AddProject<Projects.ECommerce_Analytics>(ResourceNames.Analytics)
    .WithServiceEndpoints(port: 5105, managementPort: 5205)
    .WithReference(kafka).WaitFor(kafka)
    .WithAwsReference(dynamodb, writes: [DynamoDbTables.AnalyticsWindows]).WaitFor(dynamodb)
    .WithAwsReference(aws, writes: [S3Buckets.AnalyticsResults]).WaitFor(aws)
    .WithStreamsSettings(kafka)
    // Its PySpark twin, for Dataproc: the same windows from the same topic into the same table and bucket.
    .PublishWithSparkTwin("analytics/spark/orders_windows_job.py", "analytics/spark/windows_core.py")
    .PublishAlsoToGke();

// The one public entry point; in Development it also serves the interactive API page (/scalar).
builder.AddProject<Projects.ECommerce_Gateway>(ResourceNames.Gateway)
    .WithServiceEndpoints(port: 8080, managementPort: 8081)
    .WithPublicHttpEndpoint()
    .WithAppHostEnvironment()
    .WithReference(users).WaitFor(users)
    .WithReference(products).WaitFor(products)
    .WithReference(orders).WaitFor(orders)
    .WithReference(payments).WaitFor(payments)
    .WithAwsReference(dynamodb, reads: [DynamoDbTables.Sessions]).WaitFor(dynamodb)
    .WithTokenValidation(jwtSigningKey);

builder.Build().Run();
