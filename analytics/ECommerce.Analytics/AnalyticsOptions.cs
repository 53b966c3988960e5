using ECommerce.ServiceDefaults;
using Streamiz.Kafka.Net;

namespace ECommerce.Analytics;

/// <summary>The <c>Analytics</c> section.</summary>
public sealed class AnalyticsOptions
{
    public const string SectionName = "Analytics";

    /// <summary>How long after a minute ends its late events are still counted.</summary>
    public TimeSpan Grace { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>
    /// After this long without events, the wall clock closes windows (a quiet shop still gets its results). While
    /// events flow — a catch-up after downtime included — only their own times close windows.
    /// </summary>
    public TimeSpan QuietAfter { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>
    /// <c>ExactlyOnce</c> against a real cluster. librdkafka's mock cluster does not keep transactional offset
    /// commits, so the AppHost runs it <c>AtLeastOnce</c> locally; the outputs are idempotent either way.
    /// </summary>
    public ProcessingGuarantee Guarantee { get; set; } = ProcessingGuarantee.EXACTLY_ONCE;

    /// <summary>Distinguishes two instances in one host (tests); each needs its own transactional id.</summary>
    public string? InstanceId { get; set; }

    public string ApplicationId { get; set; } = AnalyticsStreams.Default.ApplicationId;

    public string InputTopic { get; set; } = AnalyticsStreams.Default.InputTopic;

    public string WindowsTopic { get; set; } = AnalyticsStreams.Default.WindowsTopic;

    public string DeadLetterTopic { get; set; } = AnalyticsStreams.Default.DeadLetterTopic;

    public AnalyticsStreams Streams => new(ApplicationId, InputTopic, WindowsTopic, DeadLetterTopic);
}
