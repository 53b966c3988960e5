using ECommerce.Payments.Payments;

namespace ECommerce.Payments.Saga;

/// <summary>
/// Finishes saga steps a payment could not finish itself (the orders service was down): confirms or cancels the
/// order for every payment still marked "saga pending". Both calls are idempotent, so repeating one is harmless.
/// </summary>
public sealed class SagaCompletion(IServiceScopeFactory scopes, PaymentStore payments, TimeProvider clock, ILogger<SagaCompletion> logger)
    : BackgroundService
{
    private static readonly TimeSpan Interval = TimeSpan.FromSeconds(5);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        while (!stoppingToken.IsCancellationRequested)
        {
            await Task.Delay(Interval, stoppingToken).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
            try
            {
                await using var scope = scopes.CreateAsyncScope();
                var orders = scope.ServiceProvider.GetRequiredService<OrdersClient>();
                // Older than the interval: a payment being processed right now finishes its own step.
                foreach (var payment in (await payments.SagaPendingAsync(stoppingToken)).Where(p => p.CreatedAt < clock.GetUtcNow() - Interval))
                {
                    try
                    {
                        await SagaStep.RunAsync(orders, payment, stoppingToken);
                        await payments.SagaDoneAsync(payment.Id, response: null, stoppingToken);
                        logger.LogInformation("Finished the saga step of payment {PaymentId} for order {OrderId}", payment.Id, payment.OrderId);
                    }
                    catch (Exception exception) when (!stoppingToken.IsCancellationRequested)
                    {
                        // One payment that keeps failing must not hold back the others.
                        logger.LogWarning("Saga step of payment {PaymentId} failed, next round: {Error}", payment.Id, exception.Message);
                    }
                }
            }
            catch (Exception exception) when (!stoppingToken.IsCancellationRequested)
            {
                logger.LogWarning("Saga completion will try again: {Error}", exception.Message);
            }
        }
    }
}
