namespace ECommerce.Orders.Outbox;

/// <summary>
/// Measures the outbox's backlog every few seconds, apart from the relay: a relay that is stuck (or dead) is exactly
/// when the figures matter.
/// </summary>
public sealed class OutboxMonitor(OutboxStore outbox, OutboxMetrics metrics, ILogger<OutboxMonitor> logger) : BackgroundService
{
    private static readonly TimeSpan Interval = TimeSpan.FromSeconds(5);

    /// <summary>Beyond this, the count says "at least": reading more would cost the table more than the figure is worth.</summary>
    private const int MostCounted = 20_000;

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(Interval);
        do
        {
            try
            {
                metrics.Observed(await outbox.BacklogAsync(MostCounted, stoppingToken));
            }
            catch (Exception exception) when (!stoppingToken.IsCancellationRequested)
            {
                logger.LogDebug(exception, "The outbox backlog could not be measured; the relay reports the cause.");
            }
        }
        while (await timer.WaitForNextTickAsync(stoppingToken));
    }
}
