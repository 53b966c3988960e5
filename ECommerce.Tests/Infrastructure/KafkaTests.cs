using Confluent.Kafka;
using ECommerce.Clients.Kafka;
using ECommerce.ServiceDefaults;
using ECommerce.Tests.Harness;

namespace ECommerce.Tests.Infrastructure;

[Collection(GraphCollection.Name)]
public sealed class KafkaTests(GraphFixture graph)
{
    [Fact]
    public void TheOrdersTopicExistsWithSeveralPartitions()
    {
        using var admin = new AdminClientBuilder(KafkaConnection.AdminConfig(graph.KafkaBrokers)).Build();
        var topic = Assert.Single(admin.GetMetadata(KafkaTopics.Orders, TimeSpan.FromSeconds(10)).Topics);
        Assert.Equal(ErrorCode.NoError, topic.Error.Code);
        Assert.Equal(3, topic.Partitions.Count);
    }

    [Fact]
    public void TheStableBootstrapAddressLeadsToTheBrokers()
    {
        var bootstrap = graph.Kafka.StableBootstrap!;
        Assert.NotEqual(graph.KafkaBrokers, bootstrap);
        using var admin = new AdminClientBuilder(KafkaConnection.AdminConfig(bootstrap)).Build();
        var metadata = admin.GetMetadata(TimeSpan.FromSeconds(10));
        Assert.Contains(metadata.Topics, t => t.Topic == KafkaTopics.Orders);
        Assert.Equal(graph.KafkaBrokers, string.Join(",", metadata.Brokers.Select(b => $"{b.Host}:{b.Port}")));
    }

    [Fact]
    public async Task AMessageProducedToOrdersIsConsumedByAGroupAndItsOffsetCommitted()
    {
        var connection = graph.KafkaBrokers;
        var key = $"order-{Guid.NewGuid():N}";
        var producerConfig = KafkaConnection.ProducerConfig(connection);
        producerConfig.EnableIdempotence = true;
        using var producer = new ProducerBuilder<string, string>(producerConfig).Build();
        var delivered = await producer.ProduceAsync(KafkaTopics.Orders, new Message<string, string> { Key = key, Value = """{"type":"order.created"}""" });
        Assert.Equal(PersistenceStatus.Persisted, delivered.Status);

        var consumerConfig = KafkaConnection.ConsumerConfig(connection);
        consumerConfig.GroupId = $"test-group-{Guid.NewGuid():N}";
        consumerConfig.AutoOffsetReset = AutoOffsetReset.Earliest;
        consumerConfig.EnableAutoCommit = false;
        using var consumer = new ConsumerBuilder<string, string>(consumerConfig).Build();
        consumer.Subscribe(KafkaTopics.Orders);

        ConsumeResult<string, string>? received = null;
        var deadline = DateTime.UtcNow.AddSeconds(30);
        while (received is null && DateTime.UtcNow < deadline)
        {
            var result = consumer.Consume(TimeSpan.FromSeconds(1));
            if (result?.Message?.Key == key)
            {
                received = result;
            }
        }
        Assert.NotNull(received);
        Assert.Equal(delivered.TopicPartitionOffset, received.TopicPartitionOffset);

        consumer.Commit(received);
        var committed = Assert.Single(consumer.Committed([received.TopicPartition], TimeSpan.FromSeconds(10)));
        Assert.Equal(received.Offset.Value + 1, committed.Offset.Value);
        consumer.Close();
    }
}
