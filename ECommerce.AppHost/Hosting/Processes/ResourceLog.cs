namespace ECommerce.AppHost.Hosting.Processes;

/// <summary>
/// One resource's output: appended to its log file, kept in a short ring for crash reports, and echoed to the
/// console prefixed with the resource name.
/// </summary>
public sealed class ResourceLog : IDisposable
{
    private const int TailCapacity = 200;
    private static readonly Lock ConsoleGate = new();
    private static readonly string[] Colors = ["\e[36m", "\e[35m", "\e[33m", "\e[32m", "\e[34m", "\e[91m", "\e[96m", "\e[95m"];
    private static int _nextColor;

    private readonly Lock _gate = new();
    private readonly StreamWriter _file;
    private readonly Queue<string> _tail = new();
    private readonly string _prefix;
    private readonly bool _echo;

    public ResourceLog(string resourceName, string path, bool echo)
    {
        Path = path;
        Directory.CreateDirectory(System.IO.Path.GetDirectoryName(path)!);
        _file = new StreamWriter(new FileStream(path, FileMode.Append, FileAccess.Write, FileShare.ReadWrite)) { AutoFlush = true };
        _echo = echo;
        var color = Colors[Interlocked.Increment(ref _nextColor) % Colors.Length];
        _prefix = UseColor ? $"{color}{resourceName,-10}\e[0m | " : $"{resourceName,-10} | ";
    }

    public string Path { get; }

    private static bool UseColor =>
        !Console.IsOutputRedirected && Environment.GetEnvironmentVariable("NO_COLOR") is null && Environment.GetEnvironmentVariable("CI") is null;

    public void Write(string line)
    {
        lock (_gate)
        {
            _file.WriteLine($"{DateTime.UtcNow:HH:mm:ss.fff} {line}");
            _tail.Enqueue(line);
            if (_tail.Count > TailCapacity)
            {
                _tail.Dequeue();
            }
        }
        if (_echo)
        {
            lock (ConsoleGate)
            {
                Console.Out.WriteLine(_prefix + line);
            }
        }
    }

    public IReadOnlyList<string> Tail(int lines)
    {
        lock (_gate)
        {
            return _tail.Skip(Math.Max(0, _tail.Count - lines)).ToArray();
        }
    }

    public void Dispose()
    {
        lock (_gate)
        {
            _file.Dispose();
        }
    }
}
