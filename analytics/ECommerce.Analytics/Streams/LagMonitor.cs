using Confluent.Kafka;
using Confluent.Kafka.Admin;
using ECommerce.Clients.Kafka;
using ECommerce.ServiceDefaults;
using Microsoft.Extensions.Options;

namespace ECommerce.Analytics.Streams;

/// <summary>
/// How far behind the job is, every two seconds: per topic it reads (orders, and its own by-minute topic), the newest
/// offsets minus what the job's consumer group has committed. A metric, and what tells the windows a quiet stream
/// from a stalled one.
/// </summary>
public sealed class LagMonitor(IConfiguration configuration, IOptions<AnalyticsOptions> options, AnalyticsMetrics metrics,
    StreamBacklog backlog, TimeProvider clock, ILogger<LagMonitor> logger) : BackgroundService
{
    // Often enough for the windows' quiet close to learn within a couple of seconds that everything has been read.
    private static readonly TimeSpan Interval = TimeSpan.FromSeconds(2);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var names = options.Value.Streams;
        using var admin = new AdminClientBuilder(KafkaConnection.AdminConfig(configuration.RequireConnectionString(ResourceNames.Kafka))).Build();
        using var timer = new PeriodicTimer(Interval);
        while (await timer.WaitForNextTickAsync(stoppingToken))
        {
            var at = clock.GetUtcNow().ToUnixTimeMilliseconds();
            try
            {
                var unread = 0L;
                foreach (var topic in new[] { names.InputTopic, names.RepartitionTopic })
                {
                    var lag = await LagAsync(admin, names.ApplicationId, topic);
                    metrics.Lag(topic, lag);
                    unread += lag;
                }
                backlog.Measured(unread, at);
            }
            catch (KafkaException exception)
            {
                logger.LogWarning("The job's lag could not be measured (the windows will not close by the wall clock meanwhile): {Error}", exception.Error.Reason);
            }
        }
    }

    private static async Task<long> LagAsync(IAdminClient admin, string group, string topic)
    {
        var partitions = admin.GetMetadata(topic, TimeSpan.FromSeconds(5)).Topics.Single().Partitions
            .Select(p => new TopicPartition(topic, p.PartitionId)).ToList();
        var committed = (await admin.ListConsumerGroupOffsetsAsync([new ConsumerGroupTopicPartitions(group, partitions)]))
            .Single().Partitions.ToDictionary(p => p.TopicPartition, p => p.Offset.Value);
        var latest = await admin.ListOffsetsAsync(partitions.Select(p => new TopicPartitionOffsetSpec { TopicPartition = p, OffsetSpec = OffsetSpec.Latest() }));
        // A partition the group has not committed on yet counts from its start.
        return latest.ResultInfos.Sum(r => r.TopicPartitionOffsetError.Offset.Value - Math.Max(0, committed.GetValueOrDefault(r.TopicPartitionOffsetError.TopicPartition, 0)));
    }
}
