using ECommerce.Clients.Kafka;
using ECommerce.Clients.S3;
using ECommerce.Clients.Sqs;
using ECommerce.ServiceDefaults;
using ECommerce.ServiceDefaults.Aws;
using ECommerce.Tests.ProbeService;

var builder = WebApplication.CreateBuilder(args);

builder.AddServiceDefaults();
builder.AddNpgsqlDataSource(ResourceNames.Database);
builder.AddKafkaProducer<string, string>(ResourceNames.Kafka);
builder.AddDynamoDbClient();
builder.AddS3Client();
builder.AddSqsClient(SqsQueues.OrderEvents);

var app = builder.Build();

app.UseServiceDefaults();
app.MapDefaultEndpoints();
app.MapProbeApi();

app.Run();
