using System.Text;
using Confluent.Kafka;
using ECommerce.Analytics.Events;
using ECommerce.Analytics.Windows;
using Streamiz.Kafka.Net.Processors.Public;

namespace ECommerce.Analytics.Streams;

/// <summary>
/// The first step, on every partition of <c>orders</c>: a readable event is keyed by its minute (so the next step
/// can bring each minute to one place); an unreadable one keeps its key and gets the reason in a header, for the
/// dead-letter topic. Nothing here can stop the job.
/// </summary>
public sealed class EventIntake(AnalyticsMetrics metrics) : ITransformer<string, byte[], string, byte[]>
{
    public const string ReasonHeader = "dead_letter_reason";

    public EventIntake() : this(AnalyticsMetrics.Unregistered)
    {
    }

    public void Init(ProcessorContext<string, byte[]> context)
    {
    }

    public Record<string, byte[]> Process(Record<string, byte[]> record)
    {
        if (EventReader.TryRead(record.Value, out var orderEvent, out var reason))
        {
            return Record<string, byte[]>.Create(MinuteWindows.Id(MinuteWindows.StartOf(orderEvent!.OccurredAt)), record.Value, record.Headers);
        }
        metrics.Counted(EventOutcomes.DeadLetter);
        var headers = record.Headers ?? [];
        headers.Add(ReasonHeader, Encoding.UTF8.GetBytes(reason!));
        return Record<string, byte[]>.Create(record.Key, record.Value, headers);
    }

    public static bool IsDeadLetter(Headers? headers) => headers?.TryGetLastBytes(ReasonHeader, out _) == true;

    public void Close()
    {
    }
}
