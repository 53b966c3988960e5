
namespace ECommerce.AppHost.Resources.Kafka;

/// <summary>
/// Kafka for the local graph: librdkafka's mock cluster, real Kafka wire-protocol brokers on 127.0.0.1, in memory,
/// inside the AppHost process (so tests and dashboard commands can take brokers down and bring them back). Its
/// brokers listen on ports librdkafka picks; a stable bootstrap port forwards to the first one for people's tools.
/// </summary>
public sealed class KafkaMockClusterResource(string name) : Resource(name), IResourceWithConnectionString
{
    private readonly BrokerList _brokers = new(name);

    public int BrokerCount { get; set; } = 1;

    public Dictionary<string, int> Topics { get; } = [];

    /// <summary>The stable bootstrap port for people's tools (0: a free one).</summary>
    public int BootstrapPort { get; set; }

    /// <summary>The running cluster: tests and dashboard commands use it to take brokers down and bring them back.</summary>
    public KafkaMockCluster? Cluster { get; private set; }

    /// <summary>The forwarded bootstrap address, once started.</summary>
    public string? StableBootstrap { get; private set; }

    /// <summary>The brokers themselves: what the services connect to.</summary>
    public ReferenceExpression ConnectionStringExpression => ReferenceExpression.Create($"{_brokers}");

    internal void Started(KafkaMockCluster cluster, string stableBootstrap)
    {
        Cluster = cluster;
        StableBootstrap = stableBootstrap;
        _brokers.Set(cluster.BootstrapServers);
    }

    /// <summary>The broker list, known once the cluster runs; references to it wait until then.</summary>
    private sealed class BrokerList(string resourceName) : IValueProvider, IManifestExpressionProvider
    {
        private readonly TaskCompletionSource<string> _value = new(TaskCreationOptions.RunContinuationsAsynchronously);

        public string ValueExpression => $"{{{resourceName}.bootstrapServers}}";

        public void Set(string value) => _value.TrySetResult(value);

        public async ValueTask<string?> GetValueAsync(CancellationToken cancellationToken = default) =>
            await _value.Task.WaitAsync(cancellationToken);
    }
}
