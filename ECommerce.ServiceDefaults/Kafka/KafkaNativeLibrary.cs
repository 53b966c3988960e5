using System.Reflection;
using System.Runtime.InteropServices;
using Confluent.Kafka;

namespace ECommerce.ServiceDefaults.Kafka;

/// <summary>
/// Points Confluent.Kafka at the system's librdkafka (Debian's librdkafka1) instead of the librdkafka.redist
/// package, which cannot be restored here. Confluent.Kafka asks for "librdkafka" and dlopens through "libdl";
/// Debian ships them as librdkafka.so.1 and libdl.so.2, which the default probing never tries.
/// </summary>
public static class KafkaNativeLibrary
{
    public const string LibrdkafkaSoname = "librdkafka.so.1";
    private const string LibdlSoname = "libdl.so.2";
    private static readonly Lock Gate = new();
    private static bool _loaded;

    /// <summary>Loads the native library once per process; throws with the install command when it is missing.</summary>
    public static void EnsureLoaded()
    {
        lock (Gate)
        {
            if (_loaded)
            {
                return;
            }
            if (!NativeLibrary.TryLoad(LibrdkafkaSoname, out _))
            {
                throw new DllNotFoundException(
                    $"Kafka client library {LibrdkafkaSoname} is not installed: run `apt-get install -y librdkafka1`.");
            }
            NativeLibrary.SetDllImportResolver(typeof(Library).Assembly, Resolve);
            Library.Load(LibrdkafkaSoname);
            _loaded = true;
        }
    }

    private static IntPtr Resolve(string libraryName, Assembly assembly, DllImportSearchPath? searchPath) => libraryName switch
    {
        "librdkafka" => NativeLibrary.Load(LibrdkafkaSoname),
        "libdl" => NativeLibrary.Load(LibdlSoname),
        _ => IntPtr.Zero,
    };
}
