using System.Net;
using Confluent.Kafka;
using ECommerce.Clients.Kafka;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace ECommerce.AppHost.Resources.Kafka;

public static class KafkaBuilderExtensions
{
    /// <param name="bootstrapPort">The stable bootstrap port for a person; tests get a random one.</param>
    public static IResourceBuilder<KafkaMockClusterResource> AddKafkaMockCluster(this IDistributedApplicationBuilder builder, string name, int bootstrapPort)
    {
        // Fails here, before anything starts, when no librdkafka build loads on this machine.
        Librdkafka.EnsureLoaded();
        var resource = new KafkaMockClusterResource(name) { BootstrapPort = builder.RandomizesPorts() ? 0 : bootstrapPort };
        return builder.AddResource(resource)
            .WithInitialState(new CustomResourceSnapshot { ResourceType = "Kafka", Properties = [] })
            .WithIconName("Stream")
            .OnInitializeResource(StartAsync)
            .WithReadinessProbe((_, _) =>
            {
                using var admin = new AdminClientBuilder(KafkaConnection.AdminConfig(resource.Cluster!.BootstrapServers)).Build();
                var metadata = admin.GetMetadata(TimeSpan.FromSeconds(3));
                var missing = resource.Topics.Keys.Where(topic => !metadata.Topics.Any(t => t.Topic == topic && t.Error.Code == ErrorCode.NoError)).ToList();
                return missing.Count == 0 ? Task.CompletedTask : throw new InvalidOperationException($"topics not ready: {string.Join(", ", missing)}");
            })
            .WithBrokerCommands();
    }

    public static IResourceBuilder<KafkaMockClusterResource> WithTopic(this IResourceBuilder<KafkaMockClusterResource> kafka, string topic, int partitions)
    {
        kafka.Resource.Topics[topic] = partitions;
        return kafka;
    }

    private static async Task StartAsync(KafkaMockClusterResource resource, InitializeResourceEvent e, CancellationToken cancellationToken)
    {
        await e.Eventing.PublishAsync(new BeforeResourceStartedEvent(resource, e.Services), cancellationToken);
        await e.Notifications.PublishUpdateAsync(resource, s => s with { State = KnownResourceStates.Starting });
        try
        {
            var cluster = KafkaMockCluster.Create(resource.BrokerCount);
            foreach (var (topic, partitions) in resource.Topics)
            {
                cluster.CreateTopic(topic, partitions);
            }
            var firstBroker = cluster.BootstrapServers.Split(',')[0].Split(':');
            var forwarder = new TcpForwarder(resource.BootstrapPort, new DnsEndPoint(firstBroker[0], int.Parse(firstBroker[1])));
            var stable = $"127.0.0.1:{forwarder.Port}";
            resource.Started(cluster, stable);
            e.Services.GetRequiredService<IHostApplicationLifetime>().ApplicationStopped.Register(() =>
            {
                forwarder.DisposeAsync().AsTask().GetAwaiter().GetResult();
                cluster.Dispose();
            });

            e.Logger.LogInformation("mock cluster with {Brokers} broker(s) at {Servers}, bootstrap {Bootstrap}; topics: {Topics}",
                resource.BrokerCount, cluster.BootstrapServers, stable, string.Join(", ", resource.Topics.Select(t => $"{t.Key} ({t.Value} partitions)")));
            await e.Notifications.PublishUpdateAsync(resource, s => s with
            {
                State = KnownResourceStates.Running,
                StartTimeStamp = DateTime.UtcNow,
                Urls = [new UrlSnapshot("bootstrap", $"tcp://{stable}", IsInternal: false)],
                Properties = [.. s.Properties, new("kafka.brokers", cluster.BootstrapServers), new("kafka.topics", string.Join(", ", resource.Topics.Keys))],
            });
        }
        catch (Exception exception)
        {
            e.Logger.LogError(exception, "the mock cluster did not start");
            await e.Notifications.PublishUpdateAsync(resource, s => s with { State = KnownResourceStates.FailedToStart });
        }
    }

    /// <summary>Dashboard commands that take the first broker off the network and bring it back (the outage tests do the same).</summary>
    private static IResourceBuilder<KafkaMockClusterResource> WithBrokerCommands(this IResourceBuilder<KafkaMockClusterResource> kafka)
    {
        var resource = kafka.Resource;
        ResourceCommandState WhenRunning(UpdateCommandStateContext context) =>
            resource.Cluster is null ? ResourceCommandState.Disabled : ResourceCommandState.Enabled;
        return kafka
            .WithCommand("broker-down", "Take broker 1 down", _ =>
            {
                resource.Cluster!.SetBrokerDown(1);
                return Task.FromResult(CommandResults.Success());
            }, new CommandOptions { UpdateState = WhenRunning, IconName = "PlugDisconnected", Description = "Drops broker 1's connections and refuses new ones" })
            .WithCommand("broker-up", "Bring broker 1 back", _ =>
            {
                resource.Cluster!.SetBrokerUp(1);
                return Task.FromResult(CommandResults.Success());
            }, new CommandOptions { UpdateState = WhenRunning, IconName = "PlugConnected" });
    }
}
