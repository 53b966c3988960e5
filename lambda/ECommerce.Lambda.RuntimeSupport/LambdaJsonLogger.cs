using System.Text.Json;
using Microsoft.Extensions.Logging;

namespace ECommerce.Lambda.RuntimeSupport;

/// <summary>The invocation whose work is being logged, flowing with the async call chain.</summary>
public static class LambdaLogContext
{
    private static readonly AsyncLocal<string?> Current = new();

    public static string? RequestId => Current.Value;

    public static IDisposable Begin(string requestId)
    {
        var previous = Current.Value;
        Current.Value = requestId;
        return new Restore(previous);
    }

    private sealed class Restore(string? previous) : IDisposable
    {
        public void Dispose() => Current.Value = previous;
    }
}

/// <summary>
/// Logs in Lambda's JSON log format (as with LoggingConfig LogFormat=JSON): one object a line on stdout with
/// timestamp, level, requestId, message, the message template's named values, and the exception's errorType,
/// errorMessage and stackTrace. The least level comes from AWS_LAMBDA_LOG_LEVEL, as Lambda's log controls set it.
/// </summary>
public sealed class LambdaJsonLoggerProvider(TextWriter output, LogLevel minimumLevel) : ILoggerProvider
{
    private readonly Lock _gate = new();

    public static LogLevel LevelFromEnvironment() => Environment.GetEnvironmentVariable("AWS_LAMBDA_LOG_LEVEL")?.ToUpperInvariant() switch
    {
        "TRACE" => LogLevel.Trace,
        "DEBUG" => LogLevel.Debug,
        "WARN" => LogLevel.Warning,
        "ERROR" => LogLevel.Error,
        "FATAL" => LogLevel.Critical,
        _ => LogLevel.Information,
    };

    private LogLevel MinimumLevel => minimumLevel;

    public ILogger CreateLogger(string categoryName) => new JsonLogger(this, categoryName);

    public void Dispose() => output.Flush();

    private void Write(string category, LogLevel level, string message, IReadOnlyList<KeyValuePair<string, object?>>? values, Exception? exception)
    {
        using var buffer = new MemoryStream();
        using (var json = new Utf8JsonWriter(buffer))
        {
            json.WriteStartObject();
            json.WriteString("timestamp", DateTimeOffset.UtcNow.ToString("yyyy-MM-ddTHH:mm:ss.fffZ"));
            json.WriteString("level", LevelName(level));
            if (LambdaLogContext.RequestId is { } requestId)
            {
                json.WriteString("requestId", requestId);
            }
            json.WriteString("logger", category);
            json.WriteString("message", message);
            foreach (var (key, value) in values ?? [])
            {
                if (key != "{OriginalFormat}" && key is not ("timestamp" or "level" or "requestId" or "logger" or "message"))
                {
                    json.WriteString(key, Convert.ToString(value, System.Globalization.CultureInfo.InvariantCulture));
                }
            }
            if (exception is not null)
            {
                var error = LambdaError.From(exception);
                json.WriteString("errorType", error.ErrorType);
                json.WriteString("errorMessage", error.ErrorMessage);
                json.WriteStartArray("stackTrace");
                error.StackTrace.ForEach(json.WriteStringValue);
                json.WriteEndArray();
            }
            json.WriteEndObject();
        }
        var line = System.Text.Encoding.UTF8.GetString(buffer.GetBuffer(), 0, (int)buffer.Length);
        lock (_gate)
        {
            output.WriteLine(line);
            output.Flush();
        }
    }

    private static string LevelName(LogLevel level) => level switch
    {
        LogLevel.Trace => "TRACE",
        LogLevel.Debug => "DEBUG",
        LogLevel.Information => "INFO",
        LogLevel.Warning => "WARN",
        LogLevel.Error => "ERROR",
        _ => "FATAL",
    };

    private sealed class JsonLogger(LambdaJsonLoggerProvider provider, string category) : ILogger
    {
        public IDisposable? BeginScope<TState>(TState state) where TState : notnull => null;

        public bool IsEnabled(LogLevel logLevel) => logLevel != LogLevel.None && logLevel >= provider.MinimumLevel;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
        {
            if (IsEnabled(logLevel))
            {
                provider.Write(category, logLevel, formatter(state, exception), state as IReadOnlyList<KeyValuePair<string, object?>>, exception);
            }
        }
    }
}
