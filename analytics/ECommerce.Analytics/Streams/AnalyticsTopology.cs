using ECommerce.ServiceDefaults;
using Streamiz.Kafka.Net;
using Streamiz.Kafka.Net.Processors.Public;
using Streamiz.Kafka.Net.SerDes;
using Streamiz.Kafka.Net.State;
using Streamiz.Kafka.Net.Stream;

namespace ECommerce.Analytics.Streams;

/// <summary>
/// <c>orders</c> → intake (unreadable events to <c>analytics-dead-letters</c>) → by minute, on one partition →
/// windows → <c>analytics-windows</c> (the names are <see cref="AnalyticsOptions"/>'s).
/// </summary>
public static class AnalyticsTopology
{
    public static Topology Build(AnalyticsOptions options, AnalyticsMetrics metrics, StreamBacklog backlog, ILoggerFactory loggers)
    {
        var names = options.Streams;
        var builder = new StreamBuilder();
        var strings = new StringSerDes();
        var bytes = new ByteArraySerDes();

        var intake = builder.Stream(names.InputTopic, strings, bytes)
            .Transform(TransformerBuilder.New<string, byte[], string, byte[]>().Transformer<EventIntake>(metrics).Build(), "intake");
        var branches = intake.Branch(
            (_, _, context) => EventIntake.IsDeadLetter(context.Headers),
            (_, _, _) => true);
        branches[0].To(names.DeadLetterTopic, strings, bytes);

        branches[1]
            .Repartition(Repartitioned<string, byte[]>.As(AnalyticsStreams.ByMinute).WithKeySerdes(strings).WithValueSerdes(bytes).WithNumberOfPartitions(1))
            .Transform(TransformerBuilder.New<string, byte[], string, byte[]>()
                .Transformer<Windower>(options, metrics, backlog, loggers.CreateLogger<Windower>())
                .StateStore(Stores.KeyValueStoreBuilder(Stores.InMemoryKeyValueStore(AnalyticsStreams.WindowStore), strings, bytes))
                .Build(), "windows")
            .To(names.WindowsTopic, strings, bytes);

        return builder.Build();
    }
}
