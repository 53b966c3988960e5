using Confluent.Kafka;
using ECommerce.ServiceDefaults;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Hosting;

namespace ECommerce.Clients.Kafka;

/// <summary>
/// Kafka producers and consumers from <c>ConnectionStrings__{name}</c>, in the shape of Aspire.Confluent.Kafka (not
/// served by the package registry here): the same method names, so switching is a change of using.
/// </summary>
public static class KafkaExtensions
{
    /// <summary>
    /// Registers a singleton producer. Idempotence is on by default: a retried send is written once per partition,
    /// which is what an outbox relay needs.
    /// </summary>
    public static IHostApplicationBuilder AddKafkaProducer<TKey, TValue>(
        this IHostApplicationBuilder builder,
        string connectionName,
        Action<ProducerConfig>? configureSettings = null,
        Action<ProducerBuilder<TKey, TValue>>? configureBuilder = null)
    {
        var connectionString = builder.Configuration.RequireConnectionString(connectionName);
        builder.Services.AddSingleton(_ =>
        {
            var config = KafkaConnection.ProducerConfig(connectionString);
            config.EnableIdempotence ??= true;
            config.Acks ??= Acks.All;
            configureSettings?.Invoke(config);
            var producerBuilder = new ProducerBuilder<TKey, TValue>(config);
            configureBuilder?.Invoke(producerBuilder);
            return producerBuilder.Build();
        });
        builder.Services.AddHealthChecks().Add(new HealthCheckRegistration(
            $"kafka-{connectionName}",
            _ => new KafkaHealthCheck(connectionString),
            HealthStatus.Unhealthy,
            tags: null,
            timeout: TimeSpan.FromSeconds(5)));
        return builder;
    }

    /// <summary>Registers a singleton consumer; a group id is required and offsets are committed by the caller.</summary>
    public static IHostApplicationBuilder AddKafkaConsumer<TKey, TValue>(
        this IHostApplicationBuilder builder,
        string connectionName,
        Action<ConsumerConfig> configureSettings,
        Action<ConsumerBuilder<TKey, TValue>>? configureBuilder = null)
    {
        var connectionString = builder.Configuration.RequireConnectionString(connectionName);
        builder.Services.AddSingleton(_ =>
        {
            var config = KafkaConnection.ConsumerConfig(connectionString);
            config.EnableAutoCommit ??= false;
            config.AutoOffsetReset ??= AutoOffsetReset.Earliest;
            configureSettings(config);
            if (string.IsNullOrWhiteSpace(config.GroupId))
            {
                throw new InvalidOperationException($"Kafka consumer for '{connectionName}' needs a GroupId.");
            }
            var consumerBuilder = new ConsumerBuilder<TKey, TValue>(config);
            configureBuilder?.Invoke(consumerBuilder);
            return consumerBuilder.Build();
        });
        return builder;
    }
}

/// <summary>Healthy when the cluster answers a metadata request.</summary>
public sealed class KafkaHealthCheck(string connectionString) : IHealthCheck
{
    public Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        try
        {
            using var admin = new AdminClientBuilder(KafkaConnection.AdminConfig(connectionString)).Build();
            var metadata = admin.GetMetadata(TimeSpan.FromSeconds(3));
            return Task.FromResult(metadata.Brokers.Count > 0
                ? HealthCheckResult.Healthy($"{metadata.Brokers.Count} broker(s)")
                : HealthCheckResult.Unhealthy("no brokers in metadata"));
        }
        catch (KafkaException exception)
        {
            return Task.FromResult(HealthCheckResult.Unhealthy(exception.Error.Reason));
        }
    }
}
