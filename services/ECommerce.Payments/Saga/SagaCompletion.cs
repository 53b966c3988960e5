using ECommerce.Payments.Payments;

namespace ECommerce.Payments.Saga;

/// <summary>
/// Finishes saga steps a payment could not finish itself (the orders service was down): confirms or cancels the
/// order — or refunds the payment of an order cancelled meanwhile — for every payment still marked "saga pending".
/// A payment still pending after <c>Payments:ResolvePendingAfter</c> (longer than any charge takes) was interrupted
/// between its charge and its record, and is resolved first (<see cref="InterruptedPayments"/>). Every call is
/// idempotent, so repeating one is harmless.
/// </summary>
public sealed class SagaCompletion(IServiceScopeFactory scopes, PaymentStore payments, IConfiguration configuration, TimeProvider clock,
    ILogger<SagaCompletion> logger) : BackgroundService
{
    private static readonly TimeSpan Interval = TimeSpan.FromSeconds(5);
    private readonly TimeSpan _resolvePendingAfter = configuration.GetValue("Payments:ResolvePendingAfter", TimeSpan.FromMinutes(2));

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        while (!stoppingToken.IsCancellationRequested)
        {
            await Task.Delay(Interval, stoppingToken).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
            try
            {
                await using var scope = scopes.CreateAsyncScope();
                var sagaStep = scope.ServiceProvider.GetRequiredService<SagaStep>();
                var interrupted = scope.ServiceProvider.GetRequiredService<InterruptedPayments>();
                // Older than the interval (or, still pending, than a charge can take): a payment being processed right
                // now finishes its own step.
                var now = clock.GetUtcNow();
                foreach (var payment in (await payments.SagaPendingAsync(stoppingToken))
                    .Where(p => p.CreatedAt < now - (p.Status == PaymentStatuses.Pending ? _resolvePendingAfter : Interval)))
                {
                    try
                    {
                        var recorded = payment.Status == PaymentStatuses.Pending ? await interrupted.ResolveAsync(payment, stoppingToken) : payment;
                        await sagaStep.RunAsync(recorded, stoppingToken);
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
