using System.Diagnostics;
using Amazon.DynamoDBv2.Model;
using Amazon.SQS;
using Amazon.SQS.Model;
using ECommerce.AppHost.Resources.Aws;
using ECommerce.AppHost.Resources.DynamoDb;
using ECommerce.AppHost.Resources.Lambda;
using ECommerce.Contracts.Orders;
using ECommerce.ServiceDefaults;
using Microsoft.Extensions.DependencyInjection;

// It runs the AppHost, which runs resources as Linux processes.
[assembly: System.Runtime.Versioning.SupportedOSPlatform("linux")]

namespace ECommerce.Benchmarks;

/// <summary>
/// How many order events a second the notification path stores, from SQS to DynamoDB records, through the same
/// event source mapping, Runtime API emulator and bootstrap process the AppHost runs — once with batches of one
/// message, once with batches of ten, in turn over several rounds, on one DynamoDB Local and one fauxqs.
/// </summary>
public static class NotificationsThroughput
{
    public static async Task<int> Main(string[] args)
    {
        var messages = args.Length > 0 ? int.Parse(args[0]) : 1000;
        var rounds = args.Length > 1 ? int.Parse(args[1]) : 3;
        var data = Directory.CreateTempSubdirectory("ecommerce-bench-notifications-");
        var builder = DistributedApplication.CreateBuilder(new DistributedApplicationOptions
        {
            Args = [$"--AppHost:DataDirectory={data.FullName}", "--DcpPublisher:RandomizePorts=true"],
            DisableDashboard = true,
        });
        var dynamodb = builder.AddDynamoDbLocal(ResourceNames.DynamoDb, port: 0).WithTables(DynamoDbTableCatalog.Tables, DynamoDbTableCatalog.TimeToLive);
        var aws = builder.AddFauxqs(ResourceNames.Aws, port: 0);
        Variant[] variants = [new("batch-1", 1), new("batch-10", 10)];
        foreach (var variant in variants)
        {
            aws.WithQueue(new QueueDefinition(variant.Queue, VisibilityTimeout: TimeSpan.FromSeconds(180)));
            builder.AddLambdaFunction<Projects.ECommerce_Notifications>(variant.Name)
                .WithSettings(TimeSpan.FromSeconds(30), memorySizeMb: 256, concurrency: 2)
                .WithAwsReference(dynamodb).WaitFor(dynamodb)
                .WithSqsEventSource(aws, new SqsEventSource(variant.Queue, variant.BatchSize)).WaitFor(aws);
        }

        await using var app = builder.Build();
        try
        {
            await app.StartAsync();
            foreach (var variant in variants)
            {
                await app.ResourceNotifications.WaitForResourceHealthyAsync(variant.Name);
            }
            var resources = app.Services.GetRequiredService<DistributedApplicationModel>().Resources;
            var fauxqs = resources.OfType<FauxqsResource>().Single();
            using var sqs = fauxqs.CreateSqsClient();
            using var table = resources.OfType<DynamoDbLocalResource>().Single().CreateClient();
            Console.WriteLine($"\n{messages} order events per run, {rounds} rounds, 2 execution environments per function\n");
            // Not counted: DynamoDB Local's JVM and the runtimes' JIT are still warming up.
            foreach (var variant in variants)
            {
                Console.WriteLine($"warm-up  {variant.Name,-9} {await RunAsync(sqs, table, variant, messages),8:0} events/s");
            }
            var results = variants.ToDictionary(v => v, _ => new List<double>());
            for (var round = 1; round <= rounds; round++)
            {
                foreach (var variant in variants)
                {
                    var perSecond = await RunAsync(sqs, table, variant, messages);
                    results[variant].Add(perSecond);
                    Console.WriteLine($"round {round}  {variant.Name,-9} {perSecond,8:0} events/s");
                }
            }
            Console.WriteLine();
            foreach (var (variant, figures) in results)
            {
                Console.WriteLine($"{variant.Name,-9} median {Median(figures),8:0} events/s  (min {figures.Min():0}, max {figures.Max():0})");
            }
            var ratios = results[variants[1]].Zip(results[variants[0]], (ten, one) => ten / one).ToList();
            Console.WriteLine($"batch-10 / batch-1: median {Median(ratios):0.00} (min {ratios.Min():0.00}, max {ratios.Max():0.00})");
            return 0;
        }
        finally
        {
            await app.StopAsync();
            data.Delete(recursive: true);
        }
    }

    /// <summary>Sends the events as fast as SQS takes them and times until every record is stored.</summary>
    private static async Task<double> RunAsync(IAmazonSQS sqs, Amazon.DynamoDBv2.IAmazonDynamoDB table, Variant variant, int messages)
    {
        var queueUrl = (await sqs.GetQueueUrlAsync(variant.Queue)).QueueUrl;
        // One order for the whole run: its records are counted with one query.
        var orderId = Guid.NewGuid();
        var clock = Stopwatch.StartNew();
        await Parallel.ForEachAsync(Enumerable.Range(0, messages).Chunk(10), new ParallelOptions { MaxDegreeOfParallelism = 4 }, async (chunk, ct) =>
            await sqs.SendMessageBatchAsync(new SendMessageBatchRequest
            {
                QueueUrl = queueUrl,
                Entries = chunk.Select(i => new SendMessageBatchRequestEntry { Id = i.ToString(), MessageBody = Event(orderId).ToJson() }).ToList(),
            }, ct));
        var timeout = Stopwatch.StartNew();
        while (await CountAsync(table, orderId) < messages)
        {
            if (timeout.Elapsed > TimeSpan.FromMinutes(5))
            {
                throw new TimeoutException($"{variant.Name}: not every record was stored within 5 minutes.");
            }
            await Task.Delay(50);
        }
        return messages / clock.Elapsed.TotalSeconds;
    }

    private static async Task<int> CountAsync(Amazon.DynamoDBv2.IAmazonDynamoDB table, Guid orderId)
    {
        var count = 0;
        Dictionary<string, AttributeValue>? next = null;
        do
        {
            var page = await table.QueryAsync(new QueryRequest
            {
                TableName = DynamoDbTables.Notifications,
                KeyConditionExpression = "order_id = :order",
                ExpressionAttributeValues = new() { [":order"] = new() { S = orderId.ToString() } },
                Select = Amazon.DynamoDBv2.Select.COUNT,
                ExclusiveStartKey = next,
            });
            count += page.Count ?? 0;
            next = page.LastEvaluatedKey is { Count: > 0 } key ? key : null;
        }
        while (next is not null);
        return count;
    }

    private static OrderEvent Event(Guid orderId) => new(Guid.CreateVersion7(), OrderEventTypes.Created, OrderEvent.CurrentVersion,
        DateTimeOffset.UtcNow, orderId, Guid.NewGuid(), "pending", 42.50m, [new OrderEventItem(Guid.NewGuid(), "Mug", 1, 42.50m)]);

    private static double Median(List<double> figures) => figures.Order().ElementAt(figures.Count / 2);

    private sealed record Variant(string Name, int BatchSize)
    {
        public string Queue => $"bench-{Name}";
    }
}
