using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using ECommerce.ServiceDefaults;

namespace ECommerce.Tests.Harness;

/// <summary>HTTP to one service of the running graph, in the APIs' JSON shape (snake_case), optionally as a signed-in caller.</summary>
public sealed class ServiceClient(string baseUrl, AuthenticationHeaderValue? authorization = null)
{
    private static readonly HttpClient Http = new() { Timeout = TimeSpan.FromSeconds(60) };

    public string BaseUrl { get; } = baseUrl;

    /// <summary>As a signed-in user (a bearer token).</summary>
    public ServiceClient As(string? token) => new(BaseUrl, token is null ? null : new AuthenticationHeaderValue("Bearer", token));

    /// <summary>As a calling service, with its key (the internal APIs).</summary>
    public ServiceClient AsService(string key) => new(BaseUrl, new AuthenticationHeaderValue(ServiceDefaults.Authentication.ServiceCredentials.Scheme, key));

    public Task<HttpResponseMessage> GetAsync(string path) => SendAsync(HttpMethod.Get, path, content: null);

    public Task<HttpResponseMessage> DeleteAsync(string path) => SendAsync(HttpMethod.Delete, path, content: null);

    public Task<HttpResponseMessage> PostAsync(string path, object? body = null) =>
        SendAsync(HttpMethod.Post, path, body is null ? null : JsonContent.Create(body, options: JsonDefaults.Options));

    /// <summary>A POST with an <c>Idempotency-Key</c>.</summary>
    public Task<HttpResponseMessage> PostAsync(string path, object body, string idempotencyKey)
    {
        var content = JsonContent.Create(body, options: JsonDefaults.Options);
        return SendAsync(HttpMethod.Post, path, content, ("Idempotency-Key", idempotencyKey));
    }

    public Task<HttpResponseMessage> PutAsync(string path, object body) =>
        SendAsync(HttpMethod.Put, path, JsonContent.Create(body, options: JsonDefaults.Options));

    public Task<HttpResponseMessage> PatchAsync(string path, object body) =>
        SendAsync(HttpMethod.Patch, path, JsonContent.Create(body, options: JsonDefaults.Options));

    /// <summary>A body sent exactly as given, for malformed and hostile JSON.</summary>
    public Task<HttpResponseMessage> PostRawAsync(string path, string json) =>
        SendAsync(HttpMethod.Post, path, new StringContent(json, System.Text.Encoding.UTF8, "application/json"));

    public Task<HttpResponseMessage> SendAsync(HttpMethod method, string path, HttpContent? content, params (string Name, string Value)[] headers)
    {
        var request = new HttpRequestMessage(method, BaseUrl + path) { Content = content };
        foreach (var (name, value) in headers)
        {
            request.Headers.TryAddWithoutValidation(name, value);
        }
        request.Headers.Authorization = authorization;
        return Http.SendAsync(request);
    }
}

public static class ResponseAssertions
{
    /// <summary>Asserts the status (showing the body when it differs) and returns the JSON body.</summary>
    public static async Task<JsonElement> ExpectAsync(this Task<HttpResponseMessage> call, HttpStatusCode status)
    {
        using var response = await call;
        var body = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == status, $"Expected {(int)status}, got {(int)response.StatusCode}: {body}");
        if (body.Length == 0)
        {
            return default;
        }
        using var document = JsonDocument.Parse(body);
        return document.RootElement.Clone();
    }

    /// <summary>Asserts a ProblemDetails error response and returns it.</summary>
    public static async Task<JsonElement> ExpectProblemAsync(this Task<HttpResponseMessage> call, HttpStatusCode status)
    {
        using var response = await call;
        var body = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == status, $"Expected {(int)status}, got {(int)response.StatusCode}: {body}");
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        using var document = JsonDocument.Parse(body);
        Assert.Equal((int)status, document.RootElement.GetProperty("status").GetInt32());
        return document.RootElement.Clone();
    }

    public static string Text(this JsonElement element, string property) => element.GetProperty(property).GetString()!;

    public static Guid Id(this JsonElement element, string property = "id") => element.GetProperty(property).GetGuid();
}
