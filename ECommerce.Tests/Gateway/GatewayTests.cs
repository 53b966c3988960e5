using System.Net;
using System.Net.Sockets;
using ECommerce.Tests.Harness;

namespace ECommerce.Tests.Gateway;

[Collection(GraphCollection.Name)]
public sealed class GatewayTests(GraphFixture graph)
{
    [Fact]
    public async Task PublicRoutesReachTheirServicesAndEveryResponseCarriesACorrelationId()
    {
        var customer = await graph.Accounts.NewCustomerAsync();

        using var me = await graph.Gateway.As(customer.Token).GetAsync("/api/v1/users/me");
        Assert.Equal(HttpStatusCode.OK, me.StatusCode);
        Assert.Matches("^[0-9a-f]{32}$", me.Headers.GetValues("X-Correlation-ID").Single());

        using var request = new HttpRequestMessage(HttpMethod.Get, graph.Gateway.BaseUrl + "/api/v1/categories");
        request.Headers.Add("X-Correlation-ID", "order-flow-42");
        using var http = new HttpClient();
        using var categories = await http.SendAsync(request);
        Assert.Equal(HttpStatusCode.OK, categories.StatusCode);
        Assert.Equal("order-flow-42", categories.Headers.GetValues("X-Correlation-ID").Single());
        Assert.False(categories.Headers.Contains("Server"));

        // An id that could forge log lines or headers is replaced, not echoed.
        using var hostile = new HttpRequestMessage(HttpMethod.Get, graph.Gateway.BaseUrl + "/api/v1/categories");
        hostile.Headers.TryAddWithoutValidation("X-Correlation-ID", "x\" injected=1 " + new string('a', 100));
        using var replaced = await http.SendAsync(hostile);
        Assert.Matches("^[0-9a-f]{32}$", replaced.Headers.GetValues("X-Correlation-ID").Single());
    }

    [Fact]
    public async Task MetricsAreInThePrometheusFormatByRouteMethodAndStatus()
    {
        await graph.Gateway.GetAsync("/api/v1/products?page_size=1").ExpectAsync(HttpStatusCode.OK);
        // An upstream that stops answering: a 504 after the gateway's upstream timeout, counted as a failure.
        var customer = await graph.Accounts.NewCustomerAsync();
        var payments = graph.App.ServingProcessId(ServiceDefaults.ResourceNames.Payments);
        ProcessSignals.Send("STOP", payments);
        try
        {
            await graph.Gateway.As(customer.Token).GetAsync($"/api/v1/payments/{Guid.NewGuid()}").ExpectProblemAsync(HttpStatusCode.GatewayTimeout);
        }
        finally
        {
            ProcessSignals.Send("CONT", payments);
        }

        // A request's duration is recorded once its response has gone out, so the client may ask a moment early.
        var metricsUrl = graph.App.ManagementUrl(ServiceDefaults.ResourceNames.Gateway) + "/metrics";
        var samples = await Poll.Eventually(() => PrometheusScrape.ReadAsync(metricsUrl),
            found => found.Any(s => s.Name == "gateway_upstream_failures_total"), TimeSpan.FromSeconds(10));

        Assert.Contains(samples, s => s.Name == "http_server_request_duration_seconds_count" && s.Value >= 1
            && s.Label("http_route") == "/api/v1/products/{**rest}" && s.Label("http_request_method") == "GET" && s.Label("http_response_status_code") == "200");
        Assert.Contains(samples, s => s.Name == "http_server_request_duration_seconds_bucket" && s.Value >= 1
            && s.Label("http_route") == "/api/v1/products/{**rest}" && s.Label("le") == "+Inf");
        Assert.Contains(samples, s => s.Name == "gateway_upstream_failures_total" && s.Value >= 1
            && s.Label("route") == "payments" && s.Label("error") == "RequestTimedOut");
    }

    [Fact]
    public async Task TheHealthReportAndMetricsAreServedOnTheManagementPortOnly()
    {
        foreach (var path in new[] { "/metrics", "/health" })
        {
            await graph.Gateway.GetAsync(path).ExpectProblemAsync(HttpStatusCode.NotFound);
        }
        using var alive = await graph.Gateway.GetAsync("/alive");
        Assert.Equal(HttpStatusCode.OK, alive.StatusCode);

        var management = new ServiceClient(graph.App.ManagementUrl(ServiceDefaults.ResourceNames.Gateway));
        using var health = await management.GetAsync("/health");
        Assert.Equal(HttpStatusCode.OK, health.StatusCode);
        Assert.Contains("\"dynamodb\"", await health.Content.ReadAsStringAsync());
        using var metrics = await management.GetAsync("/metrics");
        Assert.Equal(HttpStatusCode.OK, metrics.StatusCode);
        // The management port is no second way into the API.
        await management.GetAsync("/api/v1/categories").ExpectProblemAsync(HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task CorsAllowsTheConfiguredOriginOnly()
    {
        using var http = new HttpClient();
        foreach (var (origin, allowed) in new[] { (GraphFixture.AllowedOrigin, true), ("https://evil.example", false) })
        {
            using var preflight = new HttpRequestMessage(HttpMethod.Options, graph.Gateway.BaseUrl + "/api/v1/orders");
            preflight.Headers.Add("Origin", origin);
            preflight.Headers.Add("Access-Control-Request-Method", "POST");
            preflight.Headers.Add("Access-Control-Request-Headers", "authorization,content-type,idempotency-key");
            using var response = await http.SendAsync(preflight);

            Assert.Equal(allowed, response.Headers.TryGetValues("Access-Control-Allow-Origin", out var values) && values.Single() == origin);
        }
    }

    [Fact]
    public async Task EveryServiceOpenApiDocumentIsServedInOnePlaceWithoutInternalAddresses()
    {
        var index = await graph.Gateway.GetAsync("/openapi").ExpectAsync(HttpStatusCode.OK);
        Assert.Equal("/openapi/products.json", index.GetProperty("documents").Text("products"));

        foreach (var (service, path) in new[] { ("users", "/api/v1/auth/login"), ("products", "/api/v1/products/batch") })
        {
            using var response = await graph.Gateway.GetAsync($"/openapi/{service}.json");
            var document = await response.Content.ReadAsStringAsync();
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            Assert.Contains($"\"{path}\"", document);
            Assert.DoesNotContain("127.0.0.1", document);
            Assert.DoesNotContain("/internal/", document);
        }
    }

    [Fact]
    public async Task TheSignInRateLimitAnswers429WithRetryAfterPerClientAddress()
    {
        // A client address of its own (all of 127/8 is loopback), so no other test shares its bucket.
        using var client = ClientFrom(IPAddress.Parse("127.0.0.77"));
        var answers = new List<HttpStatusCode>();
        HttpResponseMessage? refused = null;
        for (var attempt = 0; attempt < 12; attempt++)
        {
            // A different address each time, so the users service's own per-account lockout stays out of it.
            var response = await client.PostAsync(graph.Gateway.BaseUrl + "/api/v1/auth/login", new StringContent(
                $$"""{"email":"nobody-{{attempt}}-{{Guid.NewGuid():N}}@example.com","password":"not the password"}""",
                System.Text.Encoding.UTF8, "application/json"));
            answers.Add(response.StatusCode);
            refused = response.StatusCode == HttpStatusCode.TooManyRequests ? response : refused;
        }

        Assert.Equal([.. Enumerable.Repeat(HttpStatusCode.Unauthorized, 10), HttpStatusCode.TooManyRequests, HttpStatusCode.TooManyRequests], answers);
        Assert.True(refused!.Headers.RetryAfter?.Delta > TimeSpan.Zero);
        Assert.Equal("application/problem+json", refused.Content.Headers.ContentType?.MediaType);
        // Another address is not affected.
        await graph.Gateway.PostAsync("/api/v1/auth/login", new { email = "nobody@example.com", password = "not the password" })
            .ExpectProblemAsync(HttpStatusCode.Unauthorized);
    }

    public static HttpClient ClientFrom(IPAddress source) => new(new SocketsHttpHandler
    {
        ConnectCallback = async (context, cancellationToken) =>
        {
            var socket = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
            socket.Bind(new IPEndPoint(source, 0));
            await socket.ConnectAsync(context.DnsEndPoint, cancellationToken);
            return new NetworkStream(socket, ownsSocket: true);
        },
    });
}
