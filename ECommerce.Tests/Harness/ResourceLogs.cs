using System.Text.RegularExpressions;
using Aspire.Hosting;
using Aspire.Hosting.ApplicationModel;
using Microsoft.Extensions.DependencyInjection;

namespace ECommerce.Tests.Harness;

/// <summary>One entry of a .NET service's console log: the level, category and event id of its header line, then its text.</summary>
public sealed record ConsoleLogEntry(int LineNumber, string Level, string Category, int EventId, string Text)
{
    public bool IsErrorOrWorse => Level is "fail" or "crit";

    public override string ToString() => $"{Level}: {Category}[{EventId}] {Text}";
}

/// <summary>One report in the PostgreSQL server's log: its severity (LOG, ERROR, FATAL…) with the lines that go with it.</summary>
public sealed record PostgresLogEntry(int LineNumber, string Severity, string Text)
{
    public bool IsErrorOrWorse => Severity is "ERROR" or "FATAL" or "PANIC";

    public override string ToString() => $"{Severity}: {Text}";
}

/// <summary>
/// A resource's console output as the dashboard shows it (ResourceLoggerService), read into entries by level rather
/// than by wording: the .NET console logger's header (<c>fail: Category[EventId]</c>) and PostgreSQL's severity.
/// </summary>
public static partial class ResourceLogs
{
    /// <summary>
    /// Reads a resource's log (what it wrote so far, then what it writes) until <paramref name="done"/> holds for the
    /// lines read, and returns them; fails the test with the last lines after <paramref name="timeout"/>.
    /// </summary>
    public static async Task<IReadOnlyList<LogLine>> LogUntilAsync(this DistributedApplication app, string resourceName,
        Func<IReadOnlyList<LogLine>, bool> done, TimeSpan timeout)
    {
        // A project runs as a replica with an id of its own (name plus suffix); its console is kept under that id.
        var id = app.ResourceNotifications.TryGetCurrentState(resourceName, out var state) ? state.ResourceId : resourceName;
        var lines = new List<LogLine>();
        using var limit = new CancellationTokenSource(timeout);
        try
        {
            await foreach (var batch in app.Services.GetRequiredService<ResourceLoggerService>().WatchAsync(id).WithCancellation(limit.Token))
            {
                lines.AddRange(batch);
                if (done(lines))
                {
                    return lines;
                }
            }
        }
        catch (OperationCanceledException) when (limit.IsCancellationRequested)
        {
        }
        Assert.Fail($"{resourceName}'s log did not show what was waited for within {timeout}; its last lines:\n"
            + string.Join('\n', lines.TakeLast(40).Select(l => l.Content)));
        return lines;
    }

    /// <summary>Where a resource's log will go on: the number of the line after the last one written so far.</summary>
    public static async Task<int> NextLogLineAsync(this DistributedApplication app, string resourceName)
    {
        var id = app.ResourceNotifications.TryGetCurrentState(resourceName, out var state) ? state.ResourceId : resourceName;
        var last = 0;
        using var replayed = new CancellationTokenSource(TimeSpan.FromSeconds(2));
        try
        {
            await foreach (var batch in app.Services.GetRequiredService<ResourceLoggerService>().WatchAsync(id).WithCancellation(replayed.Token))
            {
                last = batch.Count > 0 ? Math.Max(last, batch.Max(l => l.LineNumber)) : last;
            }
        }
        catch (OperationCanceledException)
        {
            // The watch replays what was written, then waits for more: two seconds is all it takes.
        }
        return last + 1;
    }

    /// <summary>The entries of a .NET process's console log; lines before the first header (Aspire's own) are skipped.</summary>
    public static IReadOnlyList<ConsoleLogEntry> ConsoleEntries(this IEnumerable<LogLine> lines)
    {
        var entries = new List<ConsoleLogEntry>();
        (LogLine Line, Match Header)? current = null;
        var text = new List<string>();
        foreach (var line in lines)
        {
            var content = Plain(line.Content);
            var header = ConsoleHeader().Match(content);
            if (header.Success)
            {
                Complete();
                current = (line, header);
            }
            else if (current is not null)
            {
                text.Add(content.Trim());
            }
        }
        Complete();
        return entries;

        void Complete()
        {
            if (current is { } entry)
            {
                entries.Add(new ConsoleLogEntry(entry.Line.LineNumber, entry.Header.Groups["level"].Value, entry.Header.Groups["category"].Value,
                    int.Parse(entry.Header.Groups["id"].Value), string.Join(' ', text)));
            }
            text.Clear();
        }
    }

    /// <summary>
    /// The reports in PostgreSQL's log: a severity line with the lines that continue it, and with the DETAIL, HINT,
    /// CONTEXT and STATEMENT lines its backend writes right after it.
    /// </summary>
    public static IReadOnlyList<PostgresLogEntry> PostgresEntries(this IEnumerable<LogLine> lines)
    {
        var entries = new List<PostgresLogEntry>();
        (int LineNumber, string Pid, string Severity)? current = null;
        var text = new List<string>();
        foreach (var line in lines)
        {
            var content = Plain(line.Content);
            var report = PostgresReport().Match(content);
            if (report.Success)
            {
                var severity = report.Groups["severity"].Value;
                if (current is { } open && open.Pid == report.Groups["pid"].Value && severity is "DETAIL" or "HINT" or "CONTEXT" or "STATEMENT")
                {
                    text.Add(report.Groups["text"].Value);
                    continue;
                }
                Complete();
                current = (line.LineNumber, report.Groups["pid"].Value, severity);
                text.Add(report.Groups["text"].Value);
            }
            else if (current is not null)
            {
                text.Add(content.Trim());
            }
        }
        Complete();
        return entries;

        void Complete()
        {
            if (current is { } entry)
            {
                entries.Add(new PostgresLogEntry(entry.LineNumber, entry.Severity, string.Join(' ', text)));
            }
            current = null;
            text.Clear();
        }
    }

    // The orchestrator's timestamp before each line, and the console logger's colours.
    private static string Plain(string content) => AnsiEscape().Replace(CapturedAt().Replace(content, ""), "");

    [GeneratedRegex(@"^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(\.\d+)?Z ")]
    private static partial Regex CapturedAt();

    [GeneratedRegex(@"\x1B\[[0-9;]*m")]
    private static partial Regex AnsiEscape();

    [GeneratedRegex(@"^(?<level>trce|dbug|info|warn|fail|crit): (?<category>[^\s\[]+)\[(?<id>-?\d+)\]\s*$")]
    private static partial Regex ConsoleHeader();

    // PostgreSQL's default log_line_prefix: '%m [%p] ' (time with milliseconds and zone, then the backend's pid).
    [GeneratedRegex(@"^\d{4}-\d\d-\d\d \d\d:\d\d:\d\d(\.\d+)? \S+ \[(?<pid>\d+)\] (?<severity>[A-Z]+):\s+(?<text>.*)$")]
    private static partial Regex PostgresReport();
}
