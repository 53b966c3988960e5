using System.Net;
using System.Net.Http.Headers;
using System.Text.Json;
using System.Text.Json.Serialization;
using Amazon.Runtime;
using Amazon.Runtime.Credentials;

namespace ECommerce.ServiceDefaults.Aws.Sqs;

/// <summary>
/// A small SQS client on the JSON protocol, signed with SigV4, so it works against real SQS and the local emulator
/// alike. Credentials come from the SDK's standard chain (environment, profile, container or instance role).
/// </summary>
public sealed class AmazonSQSClient : IAmazonSQS
{
    public const string HttpClientName = "sqs";

    /// <summary>Longer than the longest long poll (20 s), so a waiting receive is not cut off.</summary>
    public static readonly TimeSpan HttpTimeout = TimeSpan.FromSeconds(60);

    private static readonly MediaTypeHeaderValue JsonProtocol = new("application/x-amz-json-1.0");
    private static readonly JsonSerializerOptions Json = new()
    {
        DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
        PropertyNameCaseInsensitive = true,
    };

    private readonly AwsServiceSettings _settings;
    private readonly Uri _endpoint;
    private readonly HttpClient _http;
    private readonly Lazy<AWSCredentials> _credentials;

    public AmazonSQSClient(AwsServiceSettings settings, HttpClient http, AWSCredentials? credentials = null)
    {
        _settings = settings;
        _endpoint = settings.ServiceUrl ?? new Uri($"https://sqs.{settings.Region}.amazonaws.com/");
        _http = http;
        // Resolved on first use: a missing credential is then an error of that call (and of a health check),
        // not of building the service container.
        _credentials = new Lazy<AWSCredentials>(() => credentials ?? DefaultAWSCredentialsIdentityResolver.GetCredentials());
    }

    public Task<CreateQueueResponse> CreateQueueAsync(CreateQueueRequest request, CancellationToken cancellationToken = default) =>
        InvokeAsync<CreateQueueRequest, CreateQueueResponse>("CreateQueue", request, cancellationToken);

    public Task<GetQueueUrlResponse> GetQueueUrlAsync(GetQueueUrlRequest request, CancellationToken cancellationToken = default) =>
        InvokeAsync<GetQueueUrlRequest, GetQueueUrlResponse>("GetQueueUrl", request, cancellationToken);

    public Task<GetQueueAttributesResponse> GetQueueAttributesAsync(GetQueueAttributesRequest request, CancellationToken cancellationToken = default) =>
        InvokeAsync<GetQueueAttributesRequest, GetQueueAttributesResponse>("GetQueueAttributes", request, cancellationToken);

    public Task<SetQueueAttributesResponse> SetQueueAttributesAsync(SetQueueAttributesRequest request, CancellationToken cancellationToken = default) =>
        InvokeAsync<SetQueueAttributesRequest, SetQueueAttributesResponse>("SetQueueAttributes", request, cancellationToken);

    public async Task<SendMessageResponse> SendMessageAsync(SendMessageRequest request, CancellationToken cancellationToken = default)
    {
        var response = await InvokeAsync<SendMessageRequest, SendMessageResponse>("SendMessage", request, cancellationToken);
        VerifyChecksum(response.MD5OfMessageBody, request.MessageBody, response.MessageId);
        return response;
    }

    public Task<SendMessageBatchResponse> SendMessageBatchAsync(SendMessageBatchRequest request, CancellationToken cancellationToken = default) =>
        InvokeAsync<SendMessageBatchRequest, SendMessageBatchResponse>("SendMessageBatch", request, cancellationToken);

    public async Task<ReceiveMessageResponse> ReceiveMessageAsync(ReceiveMessageRequest request, CancellationToken cancellationToken = default)
    {
        var response = await InvokeAsync<ReceiveMessageRequest, ReceiveMessageResponse>("ReceiveMessage", request, cancellationToken);
        foreach (var message in response.Messages)
        {
            VerifyChecksum(message.MD5OfBody, message.Body, message.MessageId);
        }
        return response;
    }

    public Task<DeleteMessageResponse> DeleteMessageAsync(DeleteMessageRequest request, CancellationToken cancellationToken = default) =>
        InvokeAsync<DeleteMessageRequest, DeleteMessageResponse>("DeleteMessage", request, cancellationToken);

    public Task<DeleteMessageBatchResponse> DeleteMessageBatchAsync(DeleteMessageBatchRequest request, CancellationToken cancellationToken = default) =>
        InvokeAsync<DeleteMessageBatchRequest, DeleteMessageBatchResponse>("DeleteMessageBatch", request, cancellationToken);

    public Task<ChangeMessageVisibilityResponse> ChangeMessageVisibilityAsync(ChangeMessageVisibilityRequest request, CancellationToken cancellationToken = default) =>
        InvokeAsync<ChangeMessageVisibilityRequest, ChangeMessageVisibilityResponse>("ChangeMessageVisibility", request, cancellationToken);

    private async Task<TResponse> InvokeAsync<TRequest, TResponse>(string action, TRequest request, CancellationToken cancellationToken)
        where TResponse : new()
    {
        var body = JsonSerializer.SerializeToUtf8Bytes(request, Json);
        using var message = new HttpRequestMessage(HttpMethod.Post, _endpoint) { Content = new ByteArrayContent(body) };
        message.Content.Headers.ContentType = JsonProtocol;
        message.Headers.TryAddWithoutValidation("X-Amz-Target", $"AmazonSQS.{action}");
        SigV4RequestSigner.Sign(message, body, await _credentials.Value.GetCredentialsAsync(), _settings.Region, "sqs", DateTime.UtcNow);

        using var response = await _http.SendAsync(message, cancellationToken);
        var text = await response.Content.ReadAsStringAsync(cancellationToken);
        if (!response.IsSuccessStatusCode)
        {
            throw ToException(action, response, text);
        }
        return string.IsNullOrWhiteSpace(text) ? new TResponse() : JsonSerializer.Deserialize<TResponse>(text, Json) ?? new TResponse();
    }

    private static AmazonSQSException ToException(string action, HttpResponseMessage response, string text)
    {
        var requestId = response.Headers.TryGetValues("x-amzn-RequestId", out var ids) ? ids.FirstOrDefault() : null;
        string code = response.StatusCode.ToString(), detail = text;
        try
        {
            using var document = JsonDocument.Parse(text);
            if (document.RootElement.TryGetProperty("__type", out var type))
            {
                // "com.amazonaws.sqs#QueueDoesNotExist" → "QueueDoesNotExist"
                code = type.GetString()!.Split('#').Last();
            }
            if (document.RootElement.TryGetProperty("message", out var m) || document.RootElement.TryGetProperty("Message", out m))
            {
                detail = m.GetString() ?? text;
            }
        }
        catch (JsonException)
        {
            // Not a JSON error body (a proxy, say): keep the raw text as the message.
        }

        var message = $"SQS {action} failed ({(int)response.StatusCode} {code}): {detail}";
        return code is "QueueDoesNotExist" or "AWS.SimpleQueueService.NonExistentQueue"
            ? new QueueDoesNotExistException(message, requestId)
            : new AmazonSQSException(message, code, response.StatusCode, requestId);
    }

    // As AWSSDK.SQS does: a body altered on the way is an error, not a message.
    private static void VerifyChecksum(string? md5, string body, string messageId)
    {
        if (md5 is not null && !string.Equals(md5, SigV4RequestSigner.Md5Hex(body), StringComparison.OrdinalIgnoreCase))
        {
            throw new AmazonSQSException($"MD5 of message {messageId} does not match its body.", "ChecksumMismatch", HttpStatusCode.OK, null);
        }
    }
}
