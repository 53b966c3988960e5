using ECommerce.Orders.Clients;
using Microsoft.Extensions.Options;

namespace ECommerce.Orders.Outbox;

/// <summary>The <c>Outbox</c> section.</summary>
public sealed class OutboxOptions
{
    public const string SectionName = "Outbox";

    /// <summary>How often an idle relay looks for new records.</summary>
    public TimeSpan PollInterval { get; set; } = TimeSpan.FromMilliseconds(250);

    public int BatchSize { get; set; } = 100;

    /// <summary>The longest wait between two attempts at one record.</summary>
    public TimeSpan MaximumBackoff { get; set; } = TimeSpan.FromSeconds(10);
}

/// <summary>
/// Carries out the outbox in rounds: publishes events to Kafka <c>orders</c> and SQS <c>order-events</c>
/// (<see cref="OutboxPublisher"/>), and releases or commits stock for the saga. A round takes the oldest pending
/// records, at most one per order (an order's records go out in the order they were written, so a consumer never
/// sees "cancelled" before "created"), re-reads them consistently in one batch, carries them all out at once and
/// records each outcome with one write. Progress is kept per destination, so a record that reached Kafka but not
/// SQS is only sent to SQS again. A failure leaves the record pending with a growing delay; it is never dropped.
/// Delivery is at least once: a crash between publishing and recording repeats a send, with the same event id,
/// which consumers deduplicate on.
/// </summary>
public sealed class OutboxRelay(
    OutboxStore outbox, OutboxPublisher publisher, ProductsClient products, IOptions<OutboxOptions> options, TimeProvider clock,
    OutboxMetrics metrics, ILogger<OutboxRelay> logger) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        while (!stoppingToken.IsCancellationRequested)
        {
            var carriedOut = 0;
            try
            {
                carriedOut = await RelayRoundAsync(stoppingToken);
            }
            catch (Exception exception) when (!stoppingToken.IsCancellationRequested)
            {
                logger.LogWarning(exception, "The outbox could not be read or updated; trying again shortly.");
            }
            if (carriedOut == 0)
            {
                await Task.Delay(options.Value.PollInterval, stoppingToken).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
            }
        }
    }

    /// <returns>How many records were carried out.</returns>
    private async Task<int> RelayRoundAsync(CancellationToken cancellationToken)
    {
        var due = Due(await outbox.PendingAsync(options.Value.BatchSize, cancellationToken));
        if (due.Count == 0)
        {
            return 0;
        }
        // Re-read consistently; one whose retry was scheduled a moment ago (the index had not seen it yet) waits its turn.
        var now = clock.GetUtcNow();
        var records = (await outbox.ReloadPendingAsync(due, cancellationToken)).Where(r => r.NextAttemptAt <= now).ToList();
        foreach (var unknown in records.Where(r => r.Kind is not (OutboxKinds.Event or OutboxKinds.ReleaseStock or OutboxKinds.CommitStock)))
        {
            logger.LogError("Outbox record {RecordId} has unknown kind {Kind}; left pending.", unknown.Id, unknown.Kind);
            await outbox.RetryLaterAsync(unknown, options.Value.MaximumBackoff, $"unknown kind {unknown.Kind}", false, false, cancellationToken);
        }
        var sent = SendEventsAsync(records.Where(r => r.Kind == OutboxKinds.Event).ToList(), cancellationToken);
        var settled = records.Where(r => r.Kind is OutboxKinds.ReleaseStock or OutboxKinds.CommitStock)
            .Select(record => SettleStockAsync(record, cancellationToken)).ToList();
        var outcomes = (await sent).Concat(await Task.WhenAll(settled)).ToList();
        // Recorded even while stopping: what was sent is marked, rather than sent again after the restart.
        await Task.WhenAll(outcomes.Select(outcome => RecordAsync(outcome, CancellationToken.None)));
        return outcomes.Count(o => o.Error is null);
    }

    /// <summary>The oldest record of each order, when it is due; an order whose oldest record waits holds back the rest.</summary>
    private List<Guid> Due(IReadOnlyList<OutboxRecord> pending)
    {
        var seen = new HashSet<Guid>();
        var now = clock.GetUtcNow();
        return pending.Where(record => seen.Add(record.OrderId) && record.NextAttemptAt <= now).Select(record => record.Id).ToList();
    }

    private async Task<IEnumerable<Outcome>> SendEventsAsync(List<OutboxRecord> events, CancellationToken cancellationToken)
    {
        var toKafka = publisher.ToKafkaAsync(events.Where(e => !e.KafkaDone).ToList(), cancellationToken);
        var toSqs = publisher.ToSqsAsync(events.Where(e => !e.SqsDone).ToList(), cancellationToken);
        var (kafkaFailures, sqsFailures) = (await toKafka, await toSqs);
        return events.Select(record => new Outcome(record,
            KafkaDone: record.KafkaDone || !kafkaFailures.ContainsKey(record.Id),
            SqsDone: record.SqsDone || !sqsFailures.ContainsKey(record.Id),
            Error: kafkaFailures.GetValueOrDefault(record.Id) ?? sqsFailures.GetValueOrDefault(record.Id)));
    }

    private async Task<Outcome> SettleStockAsync(OutboxRecord record, CancellationToken cancellationToken)
    {
        try
        {
            await (record.Kind == OutboxKinds.ReleaseStock
                ? products.ReleaseAsync(record.OrderId, cancellationToken)
                : products.CommitAsync(record.OrderId, cancellationToken));
            return new Outcome(record, false, false, null);
        }
        catch (Exception exception) when (!cancellationToken.IsCancellationRequested)
        {
            if (exception is not StockSettlementRefusedException)
            {
                metrics.Failed(OutboxDestinations.Products);
            }
            return new Outcome(record, false, false, exception);
        }
    }

    private async Task RecordAsync(Outcome outcome, CancellationToken cancellationToken)
    {
        var record = outcome.Record;
        switch (outcome.Error)
        {
            case null:
                await outbox.CompleteAsync(record, cancellationToken);
                break;
            case StockSettlementRefusedException refused:
                // Retrying cannot change the answer; holding the record would hold back the order's later records.
                logger.LogError("Outbox record {RecordId} quarantined: {Error}", record.Id, refused.Message);
                await outbox.QuarantineAsync(record.Id, refused.Message, cancellationToken);
                break;
            case var error:
                var delay = Backoff(record.Attempts);
                logger.LogWarning("Outbox record {RecordId} ({Kind} of order {OrderId}) failed, attempt {Attempt}; next in {Delay}: {Error}",
                    record.Id, record.Kind, record.OrderId, record.Attempts + 1, delay, error.Message);
                await outbox.RetryLaterAsync(record, delay, error.Message, outcome.KafkaDone, outcome.SqsDone, cancellationToken);
                break;
        }
    }

    private TimeSpan Backoff(int attempts)
    {
        var exponential = TimeSpan.FromMilliseconds(250 * Math.Pow(2, Math.Min(attempts, 10)));
        var capped = exponential < options.Value.MaximumBackoff ? exponential : options.Value.MaximumBackoff;
        return capped * (0.8 + Random.Shared.NextDouble() * 0.4);
    }

    /// <summary>What became of one record in a round; <paramref name="Error"/> is null when it was carried out in full.</summary>
    private sealed record Outcome(OutboxRecord Record, bool KafkaDone, bool SqsDone, Exception? Error);
}
