using ECommerce.Analytics.Exports;
using ECommerce.Analytics.Output;
using ECommerce.Analytics.Streams;
using ECommerce.Clients.Kafka;
using ECommerce.Clients.S3;
using ECommerce.ServiceDefaults;
using ECommerce.ServiceDefaults.Aws;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace ECommerce.Analytics;

public static class AnalyticsServiceExtensions
{
    public static IHostApplicationBuilder AddAnalytics(this IHostApplicationBuilder builder)
    {
        builder.Services.Configure<AnalyticsOptions>(builder.Configuration.GetSection(AnalyticsOptions.SectionName));
        builder.Services.AddSingleton<AnalyticsMetrics>();
        builder.Services.AddSingleton<StreamBacklog>();
        builder.Services.TryAddSingleton(TimeProvider.System);
        builder.Services.AddSingleton<StreamsHealth>();
        builder.Services.AddHealthChecks().AddCheck<StreamsHealth>("streams");
        builder.Services.AddHostedService<StreamsHost>();
        builder.Services.AddHostedService<LagMonitor>();

        builder.AddDynamoDbClient();
        builder.AddS3Client();
        builder.Services.AddSingleton<ExportStore>();
        var streams = builder.Configuration.GetSection(AnalyticsOptions.SectionName).Get<AnalyticsOptions>()?.Streams ?? AnalyticsStreams.Default;
        builder.AddKafkaConsumer<string, byte[]>(ResourceNames.Kafka, consumer =>
        {
            consumer.GroupId = streams.WriterGroup;
            // Only what the job committed: with exactly-once, an aborted attempt's windows are never stored.
            consumer.IsolationLevel = Confluent.Kafka.IsolationLevel.ReadCommitted;
            // As the stream's (StreamsHost): an instance that died hands the windows topic to another within about ten
            // seconds, not librdkafka's default 45, during which no result would be stored or exported.
            consumer.SessionTimeoutMs = 10_000;
            consumer.HeartbeatIntervalMs = 3_000;
        });
        builder.Services.AddHostedService<WindowWriter>();
        return builder;
    }
}
