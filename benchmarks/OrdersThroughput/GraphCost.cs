using System.Globalization;
using System.Text;
using Aspire.Hosting;
using Aspire.Hosting.ApplicationModel;
using Aspire.Hosting.Testing;

namespace ECommerce.Benchmarks.Orders;

/// <summary>
/// What one unit of work (an order, an order and its payment) costs the whole graph, read from telemetry rather than
/// guessed: each service's own OpenTelemetry counters scraped from its management <c>/metrics</c> (HTTP requests it
/// served, HTTP calls it made per destination — DynamoDB, the SQS/S3 emulator, other services — and Npgsql commands),
/// and each process's CPU time from <c>/proc</c> (the storage emulators are not .NET). Snapshots before and after a
/// measurement; the graph's idle background (pollers, health probes) measured beforehand is subtracted.
/// </summary>
public sealed class GraphCost
{
    private readonly Dictionary<string, HttpClient> _management = [];
    private readonly Dictionary<int, string> _ports = [];

    public GraphCost(DistributedApplication app, DistributedApplicationModel model)
    {
        foreach (var resource in model.Resources.OfType<IResourceWithEndpoints>())
        {
            foreach (var endpoint in resource.Annotations.OfType<EndpointAnnotation>())
            {
                if (endpoint.AllocatedEndpoint is { } allocated)
                {
                    _ports[allocated.Port] = endpoint.Name is "http" or "tcp" ? resource.Name : $"{resource.Name}:{endpoint.Name}";
                }
                if (endpoint.Name == "management" && endpoint.AllocatedEndpoint is not null)
                {
                    _management[resource.Name] = new HttpClient { BaseAddress = app.GetEndpoint(resource.Name, "management"), Timeout = TimeSpan.FromSeconds(10) };
                }
            }
        }
    }

    public sealed record Snapshot(DateTime At, Dictionary<(string Process, string Counter), double> Counters);

    public async Task<Snapshot> SnapshotAsync()
    {
        var counters = new Dictionary<(string, string), double>();
        void Add(string process, string counter, double value) =>
            counters[(process, counter)] = counters.GetValueOrDefault((process, counter)) + value;

        foreach (var (service, client) in _management)
        {
            var text = await client.GetStringAsync("/metrics");
            foreach (var line in text.Split('\n'))
            {
                if (Metric(line, "http_server_request_duration_seconds_count") is { } served
                    && !IsProbe(Label(line, "http_route")))
                {
                    Add(service, "HTTP served", served);
                }
                else if (Metric(line, "http_client_request_duration_seconds_count") is { } called
                    && int.TryParse(Label(line, "server_port"), out var port))
                {
                    Add(service, $"→ {_ports.GetValueOrDefault(port, $"port {port}")}", called);
                }
                else if (Metric(line, "db_client_operation_duration_seconds_count") is { } commands)
                {
                    Add(service, "→ postgres", commands);
                }
            }
        }
        foreach (var (process, cpu) in ProcessCpu())
        {
            Add(process, "CPU ms", cpu);
        }
        return new Snapshot(DateTime.UtcNow, counters);
    }

    /// <summary>The cost of one unit: (after − before − idle rate × elapsed) / units, per process and counter.</summary>
    public static string Report(string unit, int units, Snapshot before, Snapshot after, Snapshot idleStart, Snapshot idleEnd)
    {
        var elapsed = (after.At - before.At).TotalSeconds;
        var idleSeconds = (idleEnd.At - idleStart.At).TotalSeconds;
        var perUnit = new Dictionary<(string Process, string Counter), double>();
        foreach (var key in after.Counters.Keys)
        {
            var idleRate = (idleEnd.Counters.GetValueOrDefault(key) - idleStart.Counters.GetValueOrDefault(key)) / idleSeconds;
            var delta = after.Counters[key] - before.Counters.GetValueOrDefault(key) - idleRate * elapsed;
            if (Math.Round(delta / units, 1) > 0)
            {
                perUnit[key] = delta / units;
            }
        }
        var columns = perUnit.Keys.Select(k => k.Counter).Distinct()
            .OrderBy(c => c == "CPU ms" ? 0 : c == "HTTP served" ? 1 : 2).ThenBy(c => c, StringComparer.Ordinal).ToList();
        var rows = perUnit.Keys.Select(k => k.Process).Distinct()
            .OrderByDescending(p => perUnit.GetValueOrDefault((p, "CPU ms"))).ToList();
        var table = new StringBuilder($"per {unit} ({units} of them; idle background subtracted):\n");
        table.Append(CultureInfo.InvariantCulture, $"  {"",-14}").AppendJoin("", columns.Select(c => $"{c,16}")).Append('\n');
        foreach (var row in rows)
        {
            table.Append(CultureInfo.InvariantCulture, $"  {row,-14}")
                .AppendJoin("", columns.Select(c => perUnit.TryGetValue((row, c), out var v) ? $"{v,16:0.0}" : $"{"",16}")).Append('\n');
        }
        table.Append(CultureInfo.InvariantCulture, $"  {"total",-14}")
            .AppendJoin("", columns.Select(c => $"{perUnit.Where(p => p.Key.Counter == c).Sum(p => p.Value),16:0.0}")).Append('\n');
        return table.ToString();
    }

    private static bool IsProbe(string? route) =>
        route is null || route.StartsWith("/health", StringComparison.Ordinal) || route.StartsWith("/alive", StringComparison.Ordinal)
        || route.StartsWith("/metrics", StringComparison.Ordinal);

    // "name{labels} value [timestamp]" or "name value [timestamp]".
    private static double? Metric(string line, string name) =>
        line.StartsWith(name + "{", StringComparison.Ordinal) || line.StartsWith(name + " ", StringComparison.Ordinal)
            ? double.Parse(line[(line.Contains('}') ? line.LastIndexOf('}') + 1 : name.Length)..].Trim().Split(' ')[0], CultureInfo.InvariantCulture)
            : null;

    private static string? Label(string line, string label)
    {
        var start = line.IndexOf($"{label}=\"", StringComparison.Ordinal);
        if (start < 0)
        {
            return null;
        }
        start += label.Length + 2;
        return line[start..line.IndexOf('"', start)];
    }

    /// <summary>CPU time (user + system, ms) of every process, named by what it runs.</summary>
    private static IEnumerable<(string Process, double CpuMs)> ProcessCpu()
    {
        var ticksPerMs = 100.0 / 1000; // USER_HZ is 100 on Linux
        var self = Environment.ProcessId;
        foreach (var directory in Directory.EnumerateDirectories("/proc"))
        {
            if (!int.TryParse(Path.GetFileName(directory), out var pid))
            {
                continue;
            }
            string stat, commandLine;
            try
            {
                stat = File.ReadAllText($"{directory}/stat");
                commandLine = File.ReadAllText($"{directory}/cmdline").Replace('\0', ' ');
            }
            catch (IOException)
            {
                continue; // gone meanwhile
            }
            catch (UnauthorizedAccessException)
            {
                continue;
            }
            if (Name(pid == self, commandLine) is not { } name)
            {
                continue;
            }
            // Fields after the command name (which may hold spaces, so it is skipped by its closing parenthesis): utime is the 14th field, stime the 15th.
            var fields = stat[(stat.LastIndexOf(')') + 2)..].Split(' ');
            yield return (name, (long.Parse(fields[11], CultureInfo.InvariantCulture) + long.Parse(fields[12], CultureInfo.InvariantCulture)) / ticksPerMs);
        }
    }

    private static string? Name(bool self, string commandLine) => commandLine switch
    {
        _ when self => "benchmark",
        _ when commandLine.Contains("DynamoDBLocal", StringComparison.Ordinal) || commandLine.Contains("dynamodb", StringComparison.OrdinalIgnoreCase) && commandLine.StartsWith("java", StringComparison.Ordinal) => "dynamodb",
        _ when commandLine.StartsWith("postgres", StringComparison.Ordinal) || commandLine.Contains("/postgresql/", StringComparison.Ordinal) => "postgres",
        _ when commandLine.Contains("fauxqs", StringComparison.Ordinal) => "aws",
        _ when commandLine.Contains("/dcp ", StringComparison.Ordinal) => "dcp",
        _ when commandLine.Contains("ECommerce.", StringComparison.Ordinal) => ServiceName(commandLine),
        _ => null,
    };

    // ".../ECommerce.Orders/bin/..." → "orders"; the Lambda functions run as "dotnet .../ECommerce.Notifications.dll".
    private static string ServiceName(string commandLine)
    {
        var start = commandLine.IndexOf("ECommerce.", StringComparison.Ordinal) + "ECommerce.".Length;
        var end = start;
        while (end < commandLine.Length && char.IsLetter(commandLine[end]))
        {
            end++;
        }
        return commandLine[start..end].ToLowerInvariant();
    }
}
