using ECommerce.AppHost.Resources.Kafka;
using ECommerce.ServiceDefaults;

namespace ECommerce.AppHost;

public static class AnalyticsExtensions
{
    /// <summary>
    /// The analytics job's topics: its outputs, and the internal ones its stream library would otherwise create (the
    /// mock cluster does not serve topic creation). Minutes are aggregated on one partition.
    /// </summary>
    public static IResourceBuilder<KafkaMockClusterResource> WithAnalyticsTopics(this IResourceBuilder<KafkaMockClusterResource> kafka,
        AnalyticsStreams? names = null)
    {
        names ??= AnalyticsStreams.Default;
        if (names.InputTopic != KafkaTopics.Orders)
        {
            kafka.WithTopic(names.InputTopic, partitions: 3);
        }
        return kafka
            .WithTopic(names.WindowsTopic, partitions: 1)
            .WithTopic(names.DeadLetterTopic, partitions: 1)
            .WithTopic(names.RepartitionTopic, partitions: 1)
            .WithTopic(names.ChangelogTopic, partitions: 1);
    }

    /// <summary>
    /// Against the local mock cluster the job runs at-least-once: the mock does not keep offsets committed inside
    /// transactions, so exactly-once would reread everything after a restart. Published, it keeps its exactly-once default.
    /// </summary>
    public static IResourceBuilder<ProjectResource> WithStreamsSettings(this IResourceBuilder<ProjectResource> analytics,
        IResourceBuilder<IResourceWithConnectionString> kafka)
    {
        if (kafka.Resource is KafkaMockClusterResource && analytics.ApplicationBuilder.ExecutionContext.IsRunMode)
        {
            analytics.WithEnvironment("Analytics__Guarantee", "AT_LEAST_ONCE");
        }
        return analytics;
    }

    /// <summary>
    /// The job also has a PySpark twin for Dataproc (<paramref name="mainPythonFile"/> and the modules it imports, paths
    /// from the checkout): publishing writes its workflow template with this resource's topic, table and bucket.
    /// </summary>
    public static IResourceBuilder<ProjectResource> PublishWithSparkTwin(this IResourceBuilder<ProjectResource> analytics,
        string mainPythonFile, params string[] pythonFiles) =>
        analytics.WithAnnotation(new SparkTwinAnnotation(mainPythonFile, pythonFiles));
}

/// <summary>A PySpark version of the resource's job, published as a Dataproc workflow.</summary>
public sealed record SparkTwinAnnotation(string MainPythonFile, IReadOnlyList<string> PythonFiles) : IResourceAnnotation;
