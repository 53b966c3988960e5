using System.Reflection;
using System.Runtime.InteropServices;

namespace ECommerce.AppHost.Resources.Kafka;

/// <summary>
/// The mock cluster's API (<c>rd_kafka_mock_*</c>) is librdkafka's, but Confluent.Kafka does not wrap it. Its calls go
/// to the same file Confluent.Kafka loads from librdkafka.redist: the package's default build where it loads, else
/// its centos8 build (the default one needs libsasl2.so.3, which Debian 12 does not have).
/// </summary>
internal static class Librdkafka
{
    public const string Name = "librdkafka";

    private static readonly string[] Builds = ["librdkafka.so", "centos8-librdkafka.so"];
    private static readonly Lazy<IntPtr> Handle = new(Load);

    /// <summary>Routes this assembly's <c>librdkafka</c> imports; call before the first of them.</summary>
    public static void EnsureLoaded()
    {
        _ = Handle.Value;
    }

    private static IntPtr Load()
    {
        // Confluent.Kafka's own loading first: its error is the one to see when no build works here.
        Confluent.Kafka.Library.Load();
        var folder = Path.Combine(AppContext.BaseDirectory, "runtimes", RuntimeInformation.RuntimeIdentifier, "native");
        foreach (var build in Builds)
        {
            if (NativeLibrary.TryLoad(Path.Combine(folder, build), out var handle))
            {
                NativeLibrary.SetDllImportResolver(typeof(Librdkafka).Assembly, Resolve);
                return handle;
            }
        }
        throw new DllNotFoundException($"No librdkafka build in {folder} loads here ({string.Join(", ", Builds)}).");
    }

    private static IntPtr Resolve(string libraryName, Assembly assembly, DllImportSearchPath? searchPath) =>
        libraryName == Name ? Handle.Value : IntPtr.Zero;
}
