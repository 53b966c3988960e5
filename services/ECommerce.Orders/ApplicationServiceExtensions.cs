using ECommerce.Clients.Kafka;
using ECommerce.Clients.S3;
using ECommerce.Clients.Sqs;
using ECommerce.Orders.Carts;
using ECommerce.Orders.Clients;
using ECommerce.Orders.Documents;
using ECommerce.Orders.Orders;
using ECommerce.Orders.Outbox;
using ECommerce.ServiceDefaults;
using ECommerce.ServiceDefaults.Authentication;
using ECommerce.ServiceDefaults.Idempotency;
using FluentValidation;

namespace ECommerce.Orders;

public static class ApplicationServiceExtensions
{
    public static IHostApplicationBuilder AddApplicationServices(this IHostApplicationBuilder builder)
    {
        builder.AddDefaultAuthentication();
        // A send that cannot reach a broker fails after 10 s (librdkafka's default is 5 minutes), so the relay
        // records the attempt and tries again. A request stuck on a broker that went silent is given up after 10 s
        // too (default 60 s: measured, a broker back from an outage then stayed unused for ~50 s), and reconnects
        // come at most a second apart.
        builder.AddKafkaProducer<string, string>(ResourceNames.Kafka, kafka =>
        {
            kafka.MessageTimeoutMs = 10_000;
            kafka.SocketTimeoutMs = 10_000;
            kafka.ReconnectBackoffMs = 100;
            kafka.ReconnectBackoffMaxMs = 1_000;
        });
        builder.AddSqsClient(SqsQueues.OrderEvents);
        builder.AddS3Client();
        builder.Services.AddSingleton<DocumentLinks>();

        builder.Services.AddHttpClient<ProductsClient>(http => http.BaseAddress = new Uri($"http://{ResourceNames.Products}")).AddServiceCredential();
        builder.Services.AddHttpClient<UsersClient>(http => http.BaseAddress = new Uri($"http://{ResourceNames.Users}")).AddServiceCredential();
        builder.Services.Configure<CartOptions>(builder.Configuration.GetSection(CartOptions.SectionName));
        builder.Services.AddSingleton<CartStore>();
        builder.Services.AddSingleton<OrderStore>();
        builder.Services.AddSingleton<OrderTransitions>();
        builder.Services.AddScoped<OrderPlacement>();
        builder.Services.AddSingleton<OrderMetrics>();
        builder.AddIdempotencyKeys();
        builder.Services.Configure<OutboxOptions>(builder.Configuration.GetSection(OutboxOptions.SectionName));
        builder.Services.AddSingleton<OutboxStore>();
        builder.Services.AddSingleton<OutboxPublisher>();
        builder.Services.AddHostedService<OutboxRelay>();
        builder.Services.AddSingleton<OutboxMetrics>();
        builder.Services.AddHostedService<OutboxMonitor>();
        builder.Services.Configure<OrderOptions>(builder.Configuration.GetSection(OrderOptions.SectionName));
        builder.Services.AddHostedService<PaymentDeadline>();
        builder.Services.AddHostedService<AbandonedPlacements>();
        builder.Services.AddValidatorsFromAssemblyContaining<PutCartItemRequestValidator>(ServiceLifetime.Singleton, includeInternalTypes: true);
        return builder;
    }
}
