using ECommerce.Payments.Payments;
using ECommerce.Payments.Saga;
using ECommerce.ServiceDefaults;
using ECommerce.ServiceDefaults.Authentication;
using ECommerce.ServiceDefaults.Idempotency;
using FluentValidation;

namespace ECommerce.Payments;

public static class ApplicationServiceExtensions
{
    public static IHostApplicationBuilder AddApplicationServices(this IHostApplicationBuilder builder)
    {
        builder.AddDefaultAuthentication();
        builder.AddIdempotencyKeys();

        builder.Services.AddHttpClient<OrdersClient>(http => http.BaseAddress = new Uri($"http://{ResourceNames.Orders}")).AddServiceCredential();
        builder.Services.AddSingleton<CardGateway>();
        builder.Services.AddSingleton<PaymentStore>();
        builder.Services.AddScoped<PaymentProcessor>();
        builder.Services.AddScoped<SagaStep>();
        builder.Services.AddScoped<InterruptedPayments>();
        builder.Services.AddSingleton<PaymentMetrics>();
        builder.Services.AddHostedService<SagaCompletion>();
        builder.Services.AddValidatorsFromAssemblyContaining<CreatePaymentRequestValidator>(ServiceLifetime.Singleton, includeInternalTypes: true);
        return builder;
    }
}
