using System.Globalization;
using System.Net.Http.Headers;
using System.Text.Json;

namespace ECommerce.Lambda.RuntimeSupport;

/// <summary>One invocation handed out by the Runtime API's <c>next</c>.</summary>
public sealed record InvocationRequest(string RequestId, DateTimeOffset Deadline, string InvokedFunctionArn, string? TraceId, byte[] Payload);

/// <summary>The Runtime API rejected a call; a runtime that sees one should exit and let Lambda start it again.</summary>
public sealed class RuntimeApiException(string message) : Exception(message);

/// <summary>
/// The Lambda Runtime API (version 2018-06-01) as a custom runtime sees it, with the method names of
/// Amazon.Lambda.RuntimeSupport's RuntimeApiClient: wait for the next invocation, answer it, report its error,
/// or report that initialisation failed.
/// </summary>
public sealed class RuntimeApiClient(HttpClient http)
{
    public const string Version = "2018-06-01";
    public const string RequestIdHeader = "Lambda-Runtime-Aws-Request-Id";
    public const string DeadlineHeader = "Lambda-Runtime-Deadline-Ms";
    public const string FunctionArnHeader = "Lambda-Runtime-Invoked-Function-Arn";
    public const string TraceIdHeader = "Lambda-Runtime-Trace-Id";
    public const string ErrorTypeHeader = "Lambda-Runtime-Function-Error-Type";

    /// <summary>Connects to <c>AWS_LAMBDA_RUNTIME_API</c> (host:port), which Lambda sets for every custom runtime.</summary>
    public static RuntimeApiClient FromEnvironment()
    {
        var endpoint = Environment.GetEnvironmentVariable("AWS_LAMBDA_RUNTIME_API");
        if (string.IsNullOrWhiteSpace(endpoint))
        {
            throw new InvalidOperationException(
                "AWS_LAMBDA_RUNTIME_API is not set: this program is a Lambda custom runtime and runs inside Lambda or the AppHost's emulator.");
        }
        // `next` blocks for as long as no event comes: no client-side timeout.
        return new RuntimeApiClient(new HttpClient { BaseAddress = new Uri($"http://{endpoint}/{Version}/"), Timeout = Timeout.InfiniteTimeSpan });
    }

    public async Task<InvocationRequest> GetNextInvocationAsync(CancellationToken cancellationToken)
    {
        using var response = await http.GetAsync("runtime/invocation/next", cancellationToken);
        await EnsureAcceptedAsync(response, "next", cancellationToken);
        var requestId = Header(response, RequestIdHeader)
            ?? throw new RuntimeApiException($"The Runtime API's next invocation has no {RequestIdHeader} header.");
        var deadline = long.TryParse(Header(response, DeadlineHeader), NumberStyles.None, CultureInfo.InvariantCulture, out var ms)
            ? DateTimeOffset.FromUnixTimeMilliseconds(ms)
            : throw new RuntimeApiException($"The Runtime API's next invocation has no valid {DeadlineHeader} header.");
        return new InvocationRequest(requestId, deadline, Header(response, FunctionArnHeader) ?? "", Header(response, TraceIdHeader),
            await response.Content.ReadAsByteArrayAsync(cancellationToken));
    }

    public async Task SendResponseAsync(string requestId, byte[] body, CancellationToken cancellationToken)
    {
        using var content = new ByteArrayContent(body);
        content.Headers.ContentType = new MediaTypeHeaderValue("application/json");
        using var response = await http.PostAsync($"runtime/invocation/{Uri.EscapeDataString(requestId)}/response", content, cancellationToken);
        await EnsureAcceptedAsync(response, "response", cancellationToken);
    }

    public Task ReportInvocationErrorAsync(string requestId, Exception exception, CancellationToken cancellationToken) =>
        PostErrorAsync($"runtime/invocation/{Uri.EscapeDataString(requestId)}/error", exception, cancellationToken);

    public Task ReportInitializationErrorAsync(Exception exception, CancellationToken cancellationToken) =>
        PostErrorAsync("runtime/init/error", exception, cancellationToken);

    private async Task PostErrorAsync(string path, Exception exception, CancellationToken cancellationToken)
    {
        var error = LambdaError.From(exception);
        using var content = new ByteArrayContent(JsonSerializer.SerializeToUtf8Bytes(error, LambdaJsonContext.Default.LambdaError));
        content.Headers.ContentType = new MediaTypeHeaderValue("application/json");
        using var request = new HttpRequestMessage(HttpMethod.Post, path) { Content = content };
        request.Headers.Add(ErrorTypeHeader, error.ErrorType);
        using var response = await http.SendAsync(request, cancellationToken);
        await EnsureAcceptedAsync(response, "error", cancellationToken);
    }

    private static string? Header(HttpResponseMessage response, string name) =>
        response.Headers.TryGetValues(name, out var values) ? values.FirstOrDefault() : null;

    private static async Task EnsureAcceptedAsync(HttpResponseMessage response, string call, CancellationToken cancellationToken)
    {
        if (!response.IsSuccessStatusCode)
        {
            var body = await response.Content.ReadAsStringAsync(cancellationToken);
            throw new RuntimeApiException($"The Runtime API refused {call} with {(int)response.StatusCode}: {body}");
        }
    }
}
