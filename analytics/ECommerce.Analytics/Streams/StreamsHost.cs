using ECommerce.Clients.Kafka;
using ECommerce.ServiceDefaults;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Options;
using Streamiz.Kafka.Net;
using Streamiz.Kafka.Net.SerDes;

namespace ECommerce.Analytics.Streams;

/// <summary>Runs the topology for as long as the service runs, and tells the health check how it is doing.</summary>
public sealed class StreamsHost(IConfiguration configuration, IOptions<AnalyticsOptions> options, AnalyticsMetrics metrics,
    StreamBacklog backlog, StreamsHealth health, ILoggerFactory loggers) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var settings = options.Value;
        var stateDirectory = Directory.CreateTempSubdirectory($"{settings.ApplicationId}-");
        var connection = KafkaConnection.Parse(configuration.RequireConnectionString(ResourceNames.Kafka));
        var config = new StreamConfig<StringSerDes, ByteArraySerDes>
        {
            ApplicationId = settings.ApplicationId,
            BootstrapServers = connection["bootstrap.servers"],
            Guarantee = settings.Guarantee,
            AutoOffsetReset = Confluent.Kafka.AutoOffsetReset.Earliest,
            NumStreamThreads = 1,
            // The stores live in memory and come back from their changelogs; a folder of this process's own means no
            // lock left by an instance that was killed can hold up the next one.
            StateDir = stateDirectory.FullName,
            Logger = loggers,
        };
        // Set after the guarantee, which resets it. Results leave at most this long after their window closes.
        config.CommitIntervalMs = 200;
        // An instance that died hands its partitions to the others within about ten seconds (librdkafka's default: 45).
        config.SessionTimeoutMs = 10_000;
        config.HeartbeatIntervalMs = 3_000;
        if (settings.InstanceId is { Length: > 0 } instance)
        {
            config.ClientId = $"{settings.ApplicationId}-{instance}";
        }
        foreach (var (key, value) in connection.Where(p => p.Key != "bootstrap.servers"))
        {
            // A managed cluster's security settings (SASL_SSL), for every client the library makes.
            config.AddConfig(key, value);
        }

        try
        {
            using var stream = new KafkaStream(AnalyticsTopology.Build(settings, metrics, backlog, loggers), config);
            stream.StateChanged += (_, state) => health.Observe(state);
            stream.OnRestoreEndEvent += (partition, store, _) =>
            {
                if (store == AnalyticsStreams.WindowStore)
                {
                    backlog.StoreRestored(partition.Partition.Value);
                }
            };
            await stream.StartAsync(stoppingToken);
            await Task.Delay(Timeout.Infinite, stoppingToken).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
        }
        finally
        {
            stateDirectory.Delete(recursive: true);
        }
    }
}

/// <summary>Healthy while the topology runs; degraded while partitions move between instances; unhealthy otherwise.</summary>
public sealed class StreamsHealth : IHealthCheck
{
    private volatile KafkaStream.State? _state;

    public void Observe(KafkaStream.State state) => _state = state;

    public Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        var state = _state;
        return Task.FromResult(
            state == KafkaStream.State.RUNNING ? HealthCheckResult.Healthy("running")
            : state == KafkaStream.State.REBALANCING ? HealthCheckResult.Degraded("rebalancing")
            : HealthCheckResult.Unhealthy(state?.ToString() ?? "not started"));
    }
}
