using System.Net;
using System.Runtime.InteropServices;
using Confluent.Kafka;
using ECommerce.AppHost.Hosting;
using ECommerce.ServiceDefaults.Kafka;
using Microsoft.Extensions.Configuration;

namespace ECommerce.AppHost.Resources.Kafka;

/// <summary>
/// Kafka. Locally the embedded mock cluster of librdkafka, living in the AppHost process, with its topics created
/// at start. <c>ConnectionStrings__{name}</c> in the AppHost's configuration (a bootstrap list, or librdkafka
/// properties with SASL_SSL for Confluent Cloud) uses that cluster instead and starts nothing.
/// </summary>
public sealed class KafkaResource(string name, string? externalConnectionString) : Resource(name), IResourceWithConnectionString, IResourceWithPrerequisites
{
    private readonly string? _external = string.IsNullOrWhiteSpace(externalConnectionString) ? null : externalConnectionString;

    public const int DefaultBootstrapPort = 9092;
    private TcpForwarder? _bootstrap;

    public override string Kind => "kafka";

    public override bool IsExternal => _external is not null;

    public int BrokerCount { get; set; } = 1;

    public Dictionary<string, int> Topics { get; } = [];

    /// <summary>The embedded cluster while it runs: tests use it to take brokers down and bring them back.</summary>
    public KafkaMockCluster? MockCluster { get; private set; }

    public string? ConnectionString => _external ?? MockCluster?.BootstrapServers;

    public override IEnumerable<KeyValuePair<string, string>> GetReferenceEnvironment() =>
        [new($"ConnectionStrings__{Name}", ConnectionString ?? throw new InvalidOperationException($"{this} has not started."))];

    public IEnumerable<Prerequisite> GetPrerequisites(AppHostOptions options)
    {
        yield return new Prerequisite($"the Kafka client library {KafkaNativeLibrary.LibrdkafkaSoname}",
            () => NativeLibrary.TryLoad(KafkaNativeLibrary.LibrdkafkaSoname, out _), "apt-get install -y librdkafka1");
    }

    public override async Task StartAsync(ResourceContext context, CancellationToken cancellationToken)
    {
        KafkaNativeLibrary.EnsureLoaded();
        var log = context.OpenLog(this);
        MockCluster = KafkaMockCluster.Create(BrokerCount);
        foreach (var (topic, partitions) in Topics)
        {
            MockCluster.CreateTopic(topic, partitions);
        }
        var firstBroker = MockCluster.BootstrapServers.Split(',')[0].Split(':');
        _bootstrap = new TcpForwarder(context.AllocatePort(this, DefaultBootstrapPort), new DnsEndPoint(firstBroker[0], int.Parse(firstBroker[1])));
        // "tcp" is the stable bootstrap address for people's tools; services get the brokers themselves.
        Endpoints["tcp"] = $"127.0.0.1:{_bootstrap.Port}";
        Endpoints["brokers"] = MockCluster.BootstrapServers;
        log.Write($"embedded mock cluster with {BrokerCount} broker(s) at {MockCluster.BootstrapServers}, bootstrap 127.0.0.1:{_bootstrap.Port}; topics: {string.Join(", ", Topics.Select(t => $"{t.Key} ({t.Value} partitions)"))}");

        await Readiness.WaitAsync(this, context, _ =>
        {
            using var admin = new AdminClientBuilder(KafkaConnection.AdminConfig(MockCluster.BootstrapServers)).Build();
            var metadata = admin.GetMetadata(TimeSpan.FromSeconds(3));
            return Task.FromResult(Topics.Keys.All(topic => metadata.Topics.Any(t => t.Topic == topic && t.Error.Code == ErrorCode.NoError)));
        }, cancellationToken);
    }

    public override async Task StopAsync(CancellationToken cancellationToken)
    {
        if (_bootstrap is not null)
        {
            await _bootstrap.DisposeAsync();
            _bootstrap = null;
        }
        MockCluster?.Dispose();
        MockCluster = null;
    }
}

public static class KafkaBuilderExtensions
{
    public static IResourceBuilder<KafkaResource> AddKafka(this DistributedApplicationBuilder builder, string name) =>
        builder.AddResource(new KafkaResource(name, builder.Configuration.GetConnectionString(name)));

    public static IResourceBuilder<KafkaResource> WithTopic(this IResourceBuilder<KafkaResource> kafka, string topic, int partitions)
    {
        kafka.Resource.Topics[topic] = partitions;
        return kafka;
    }
}
