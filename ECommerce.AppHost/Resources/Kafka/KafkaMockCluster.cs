using System.Runtime.InteropServices;
using System.Text;

namespace ECommerce.AppHost.Resources.Kafka;

/// <summary>
/// librdkafka's built-in mock cluster: real Kafka wire-protocol brokers on 127.0.0.1, in memory, inside this
/// process. It also offers fault injection (a broker down, request errors, latency), which the tests use.
/// </summary>
public sealed partial class KafkaMockCluster : IDisposable
{
    private const string Library = Librdkafka.Name;
    private const int ProducerType = 0;

    private IntPtr _handle;
    private IntPtr _cluster;

    private KafkaMockCluster(IntPtr handle, IntPtr cluster, int brokerCount)
    {
        _handle = handle;
        _cluster = cluster;
        BrokerCount = brokerCount;
        BootstrapServers = Marshal.PtrToStringUTF8(rd_kafka_mock_cluster_bootstraps(cluster))!;
    }

    public string BootstrapServers { get; }

    public int BrokerCount { get; }

    public static KafkaMockCluster Create(int brokerCount)
    {
        Librdkafka.EnsureLoaded();
        var configuration = rd_kafka_conf_new();
        // The handle only owns the mock cluster; keep its own logging quiet.
        Set(configuration, "log_level", "3");
        var error = new byte[512];
        var handle = rd_kafka_new(ProducerType, configuration, error, (UIntPtr)error.Length);
        if (handle == IntPtr.Zero)
        {
            throw new InvalidOperationException($"librdkafka could not create a handle: {Encoding.UTF8.GetString(error).TrimEnd('\0')}");
        }
        var cluster = rd_kafka_mock_cluster_new(handle, brokerCount);
        if (cluster == IntPtr.Zero)
        {
            rd_kafka_destroy(handle);
            throw new InvalidOperationException("librdkafka could not create the mock cluster.");
        }
        return new KafkaMockCluster(handle, cluster, brokerCount);
    }

    public void CreateTopic(string topic, int partitions, int replicationFactor = 1) =>
        Check(rd_kafka_mock_topic_create(_cluster, topic, partitions, replicationFactor), $"create topic {topic}");

    /// <summary>Takes a broker off the network: its connections drop and new ones are refused.</summary>
    public void SetBrokerDown(int brokerId) => Check(rd_kafka_mock_broker_set_down(_cluster, brokerId), $"set broker {brokerId} down");

    public void SetBrokerUp(int brokerId) => Check(rd_kafka_mock_broker_set_up(_cluster, brokerId), $"set broker {brokerId} up");

    public void Dispose()
    {
        if (_cluster != IntPtr.Zero)
        {
            rd_kafka_mock_cluster_destroy(_cluster);
            _cluster = IntPtr.Zero;
        }
        if (_handle != IntPtr.Zero)
        {
            rd_kafka_destroy(_handle);
            _handle = IntPtr.Zero;
        }
    }

    private static void Set(IntPtr configuration, string key, string value)
    {
        var error = new byte[512];
        if (rd_kafka_conf_set(configuration, key, value, error, (UIntPtr)error.Length) != 0)
        {
            throw new InvalidOperationException($"librdkafka rejected {key}={value}: {Encoding.UTF8.GetString(error).TrimEnd('\0')}");
        }
    }

    private static void Check(int errorCode, string what)
    {
        if (errorCode != 0)
        {
            throw new InvalidOperationException($"Kafka mock cluster could not {what}: {Marshal.PtrToStringUTF8(rd_kafka_err2str(errorCode))}");
        }
    }

    [LibraryImport(Library)]
    private static partial IntPtr rd_kafka_conf_new();

    [LibraryImport(Library, StringMarshalling = StringMarshalling.Utf8)]
    private static partial int rd_kafka_conf_set(IntPtr conf, string name, string value, byte[] errstr, UIntPtr errstrSize);

    [LibraryImport(Library)]
    private static partial IntPtr rd_kafka_new(int type, IntPtr conf, byte[] errstr, UIntPtr errstrSize);

    [LibraryImport(Library)]
    private static partial void rd_kafka_destroy(IntPtr rk);

    [LibraryImport(Library)]
    private static partial IntPtr rd_kafka_err2str(int err);

    [LibraryImport(Library)]
    private static partial IntPtr rd_kafka_mock_cluster_new(IntPtr rk, int brokerCount);

    [LibraryImport(Library)]
    private static partial void rd_kafka_mock_cluster_destroy(IntPtr mcluster);

    [LibraryImport(Library)]
    private static partial IntPtr rd_kafka_mock_cluster_bootstraps(IntPtr mcluster);

    [LibraryImport(Library, StringMarshalling = StringMarshalling.Utf8)]
    private static partial int rd_kafka_mock_topic_create(IntPtr mcluster, string topic, int partitionCount, int replicationFactor);

    [LibraryImport(Library)]
    private static partial int rd_kafka_mock_broker_set_down(IntPtr mcluster, int brokerId);

    [LibraryImport(Library)]
    private static partial int rd_kafka_mock_broker_set_up(IntPtr mcluster, int brokerId);
}
