using System.Diagnostics.Metrics;
using ECommerce.Orders.Orders;

namespace ECommerce.Orders.Outbox;

/// <summary>
/// The outbox as an operator sees it: per destination (kafka, sqs, products), how much work is waiting and how old
/// the oldest of it is — a backlog that only grows, or an age past a few seconds, means a destination is not being
/// reached — and how often a send failed.
/// </summary>
public sealed class OutboxMetrics
{
    private static readonly string[] Destinations = [OutboxDestinations.Kafka, OutboxDestinations.Sqs, OutboxDestinations.Products];

    private readonly Counter<long> _failures;
    private volatile OutboxBacklog _backlog = OutboxBacklog.Empty;

    public OutboxMetrics(IMeterFactory meterFactory)
    {
        var meter = meterFactory.Create(OrderMetrics.MeterName);
        meter.CreateObservableGauge("ecommerce.outbox.backlog", () => Destinations.Select(d =>
            new Measurement<long>(_backlog.Count(d), Tag(d))), "{record}", "Outbox records not yet delivered, by destination.");
        meter.CreateObservableGauge("ecommerce.outbox.oldest_age", () => Destinations.Select(d =>
            new Measurement<double>(_backlog.OldestAge(d), Tag(d))), "s", "Age of the oldest record not yet delivered, by destination (0 when none).");
        _failures = meter.CreateCounter<long>("ecommerce.outbox.publish_failures", "{attempt}", "Sends from the outbox that failed and will be retried, by destination.");
    }

    public void Observed(OutboxBacklog backlog) => _backlog = backlog;

    public void Failed(string destination) => _failures.Add(1, Tag(destination));

    private static KeyValuePair<string, object?> Tag(string destination) => new("destination", destination);
}

public static class OutboxDestinations
{
    public const string Kafka = "kafka";
    public const string Sqs = "sqs";
    public const string Products = "products";

    /// <summary>Where a record still has to go.</summary>
    public static IEnumerable<string> Remaining(string kind, bool kafkaDone, bool sqsDone)
    {
        if (kind == OutboxKinds.Event)
        {
            if (!kafkaDone)
            {
                yield return Kafka;
            }
            if (!sqsDone)
            {
                yield return Sqs;
            }
        }
        else
        {
            yield return Products;
        }
    }
}

/// <summary>A count and the oldest creation time per destination, as of <paramref name="ObservedAt"/>.</summary>
public sealed record OutboxBacklog(IReadOnlyDictionary<string, (long Count, DateTimeOffset Oldest)> ByDestination, DateTimeOffset ObservedAt)
{
    public static readonly OutboxBacklog Empty = new(new Dictionary<string, (long, DateTimeOffset)>(), DateTimeOffset.UnixEpoch);

    public long Count(string destination) => ByDestination.TryGetValue(destination, out var entry) ? entry.Count : 0;

    public double OldestAge(string destination) =>
        ByDestination.TryGetValue(destination, out var entry) ? Math.Max(0, (ObservedAt - entry.Oldest).TotalSeconds) : 0;
}
