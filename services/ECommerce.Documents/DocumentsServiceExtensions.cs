using ECommerce.Clients.Kafka;
using ECommerce.Clients.S3;
using ECommerce.Documents.Documents;
using ECommerce.ServiceDefaults;
using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace ECommerce.Documents;

public static class DocumentsServiceExtensions
{
    /// <summary>The consumer group of the documents service on topic <c>orders</c>.</summary>
    public const string ConsumerGroup = "documents";

    public static IHostApplicationBuilder AddDocuments(this IHostApplicationBuilder builder)
    {
        builder.Services.Configure<ShopOptions>(builder.Configuration.GetSection(ShopOptions.SectionName));
        builder.Services.AddSingleton<OrderDocumentRenderer>();
        builder.Services.AddSingleton<DocumentStore>();
        builder.Services.AddSingleton<DocumentMetrics>();
        builder.AddS3Client();

        // At least once: an offset is stored once its documents exist, and stored offsets are committed every 5 s.
        builder.AddKafkaConsumer<string, string>(ResourceNames.Kafka, consumer =>
        {
            consumer.GroupId = ConsumerGroup;
            consumer.EnableAutoCommit = true;
            consumer.EnableAutoOffsetStore = false;
        });
        var kafka = builder.Configuration.RequireConnectionString(ResourceNames.Kafka);
        builder.Services.AddHealthChecks().Add(new HealthCheckRegistration("kafka", _ => new KafkaHealthCheck(kafka), HealthStatus.Unhealthy,
            tags: null, timeout: TimeSpan.FromSeconds(5)));
        builder.Services.AddHostedService<OrderEventsConsumer>();
        return builder;
    }
}
