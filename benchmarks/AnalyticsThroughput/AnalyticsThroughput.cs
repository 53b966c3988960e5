using System.Diagnostics;
using Confluent.Kafka;
using ECommerce.AppHost;
using ECommerce.AppHost.Resources.Aws;
using ECommerce.AppHost.Resources.DynamoDb;
using ECommerce.AppHost.Resources.Kafka;
using ECommerce.Clients.Kafka;
using ECommerce.Contracts.Orders;
using ECommerce.ServiceDefaults;
using Microsoft.Extensions.DependencyInjection;

// It runs the AppHost's resources, which are Linux processes.
[assembly: System.Runtime.Versioning.SupportedOSPlatform("linux")]

namespace ECommerce.Benchmarks;

/// <summary>
/// The analytics job's sustained throughput: a backlog of order events is put on <c>orders</c> before the job starts,
/// then the job works through it (intake, the by-minute topic, the windows, to its output topic), timed from its
/// first committed progress to its last; in the same run a raw Kafka consumer reads the same topic, and the ratio is
/// printed. Runs on 127.0.0.1, free ports, a temporary data folder; stops by itself.
/// </summary>
public static class AnalyticsThroughput
{
    private const string Job = "analytics";

    public static async Task<int> Main(string[] args)
    {
        var events = args.Length > 0 ? int.Parse(args[0]) : 20_000;
        var data = Directory.CreateTempSubdirectory("ecommerce-bench-analytics-");
        var builder = DistributedApplication.CreateBuilder(new DistributedApplicationOptions
        {
            Args = [$"--AppHost:DataDirectory={data.FullName}", "--DcpPublisher:RandomizePorts=true"],
            DisableDashboard = true,
        });
        var kafka = builder.AddKafkaMockCluster(ResourceNames.Kafka, bootstrapPort: 0).WithTopic(KafkaTopics.Orders, partitions: 3).WithAnalyticsTopics();
        var dynamodb = builder.AddDynamoDbLocal(ResourceNames.DynamoDb, port: 0).WithTables(DynamoDbTableCatalog.Tables, DynamoDbTableCatalog.TimeToLive);
        var aws = builder.AddFauxqs(ResourceNames.Aws, port: 0).WithBucket(S3Buckets.AnalyticsResults);
        builder.AddProject<Projects.ECommerce_Analytics>(Job)
            .WithServiceEndpoints(port: 0, managementPort: 0)
            .WithReference(kafka).WaitFor(kafka)
            .WithAwsReference(dynamodb).WaitFor(dynamodb)
            .WithAwsReference(aws).WaitFor(aws)
            .WithStreamsSettings(kafka)
            // Started once the backlog is in place.
            .WithExplicitStart();

        await using var app = builder.Build();
        try
        {
            await app.StartAsync();
            await app.ResourceNotifications.WaitForResourceHealthyAsync(ResourceNames.Kafka);
            var brokers = app.Services.GetRequiredService<DistributedApplicationModel>().Resources.OfType<KafkaMockClusterResource>().Single().Cluster!.BootstrapServers;
            Console.WriteLine($"\nPutting {events} order events on {KafkaTopics.Orders} (3 partitions)…");
            Produce(brokers, events);

            Console.WriteLine("Raw consumer of the same topic…");
            var raw = ConsumeRaw(brokers, events);
            Console.WriteLine("The analytics job…");
            await app.Services.GetRequiredService<ResourceCommandService>().ExecuteCommandAsync(Job, KnownResourceCommands.StartCommand);
            var job = await TimeJobAsync(brokers, events);

            Console.WriteLine();
            Console.WriteLine($"raw consumer      {raw,10:0} events/s");
            Console.WriteLine($"analytics job     {job,10:0} events/s   (read, checked, repartitioned by minute, windowed, emitted; committed)");
            Console.WriteLine($"job / raw          {job / raw,10:0.000}");
            return 0;
        }
        finally
        {
            await app.StopAsync();
            data.Delete(recursive: true);
        }
    }

    /// <summary>Ten orders a second of event time from 2024-01-01, forty buyers, eight products: about a window a second of data.</summary>
    private static void Produce(string brokers, int count)
    {
        var start = new DateTimeOffset(2024, 1, 1, 0, 0, 0, TimeSpan.Zero);
        var config = KafkaConnection.ProducerConfig(brokers);
        config.LingerMs = 5;
        using var producer = new ProducerBuilder<string, string>(config).Build();
        for (var i = 0; i < count; i++)
        {
            var item = new OrderEventItem(new Guid($"00000000-0000-7000-9000-{i % 8:D12}"), $"Product {i % 8}", 1 + i % 3, 2.50m);
            var orderEvent = new OrderEvent(Guid.CreateVersion7(), OrderEventTypes.Created, OrderEvent.CurrentVersion, start.AddMilliseconds(100.0 * i),
                Guid.NewGuid(), new Guid($"00000000-0000-7000-8000-{i % 40:D12}"), "pending", item.Quantity * item.UnitPrice, [item]);
            producer.Produce(KafkaTopics.Orders, new Message<string, string> { Key = orderEvent.OrderId.ToString(), Value = orderEvent.ToJson() });
        }
        producer.Flush(TimeSpan.FromMinutes(1));
    }

    private static double ConsumeRaw(string brokers, int count)
    {
        var config = KafkaConnection.ConsumerConfig(brokers);
        config.GroupId = $"bench-raw-{Guid.NewGuid():N}";
        config.AutoOffsetReset = AutoOffsetReset.Earliest;
        using var consumer = new ConsumerBuilder<string, byte[]>(config).Build();
        consumer.Subscribe(KafkaTopics.Orders);
        Stopwatch? clock = null;
        for (var read = 0; read < count;)
        {
            if (consumer.Consume(TimeSpan.FromSeconds(10)) is not null)
            {
                clock ??= Stopwatch.StartNew();
                read++;
            }
        }
        var perSecond = (count - 1) / clock!.Elapsed.TotalSeconds;
        consumer.Close();
        return perSecond;
    }

    /// <summary>From the job's first committed progress until both its topics are committed to their ends.</summary>
    private static async Task<double> TimeJobAsync(string brokers, int count)
    {
        using var admin = new AdminClientBuilder(KafkaConnection.AdminConfig(brokers)).Build();
        var names = AnalyticsStreams.Default;
        Stopwatch? clock = null;
        var deadline = DateTime.UtcNow.AddMinutes(10);
        while (DateTime.UtcNow < deadline)
        {
            var input = await CommittedAsync(admin, names.ApplicationId, names.InputTopic);
            var windowed = await CommittedAsync(admin, names.ApplicationId, names.RepartitionTopic);
            if (input > 0)
            {
                clock ??= Stopwatch.StartNew();
            }
            if (input >= count && windowed >= count)
            {
                return count / clock!.Elapsed.TotalSeconds;
            }
            await Task.Delay(100);
        }
        throw new TimeoutException("The job did not finish the backlog within 10 minutes.");
    }

    private static async Task<long> CommittedAsync(IAdminClient admin, string group, string topic)
    {
        var partitions = admin.GetMetadata(topic, TimeSpan.FromSeconds(5)).Topics.Single().Partitions.Select(p => new TopicPartition(topic, p.PartitionId)).ToList();
        var offsets = await admin.ListConsumerGroupOffsetsAsync([new ConsumerGroupTopicPartitions(group, partitions)]);
        return offsets.Single().Partitions.Sum(p => Math.Max(0, p.Offset.Value));
    }
}
