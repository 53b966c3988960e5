using System.Diagnostics;
using System.Net;
using Aspire.Hosting.Testing;
using ECommerce.ServiceDefaults;
using ECommerce.Tests.Harness;
using Microsoft.Playwright;

namespace ECommerce.Tests.Dashboard;

/// <summary>
/// What a person sees in the Aspire dashboard of the running graph, through a real browser (Debian's Chromium driven by
/// Playwright): every resource running and healthy, and an order placed through the gateway as one trace across the
/// services. Screenshots go to the test output's <c>screenshots/</c> folder.
/// </summary>
[Collection(GraphCollection.Name)]
public sealed class DashboardTests(GraphFixture graph) : IAsyncLifetime
{
    private static readonly string Screenshots = Path.Combine(AppContext.BaseDirectory, "screenshots");
    private IPlaywright _playwright = null!;
    private IBrowser _browser = null!;

    [Fact]
    public async Task TheDashboardShowsEveryResourceRunningAndHealthy()
    {
        var page = await SignInAsync();
        var names = new[]
        {
            ResourceNames.Postgres, ResourceNames.Database, ResourceNames.Kafka, ResourceNames.DynamoDb, ResourceNames.Aws,
            ResourceNames.Users, ResourceNames.Products, ResourceNames.Orders, ResourceNames.Payments, ResourceNames.Gateway,
            ResourceNames.Analytics, GraphFixture.TestAnalyticsName, GraphFixture.RestartAnalyticsName, GraphFixture.RestartAnalyticsSecondName,
            // The function with its execution environments and its event source mapping.
            ResourceNames.Notifications, $"{ResourceNames.Notifications}-env-0", $"{ResourceNames.Notifications}-env-1",
            $"{ResourceNames.Notifications}-{SqsQueues.OrderEvents}",
        };
        var text = await WaitForTextAsync(page, body => names.All(name => body.Contains(name, StringComparison.Ordinal)) && !Unsettled(body));
        await page.ScreenshotAsync(new() { Path = Path.Combine(Screenshots, "resources.png"), FullPage = true });

        Assert.All(names, name => Assert.Contains(name, text, StringComparison.Ordinal));
        Assert.False(Unsettled(text), text);
    }

    [Fact]
    public async Task AnOrderPlacedThroughTheGatewayIsOneTraceFromTheGatewayToTheNotificationFunction()
    {
        var product = await (await Catalog.AsAdminAsync(graph)).CreateProductAsync(stock: 5);
        var customer = await graph.Accounts.NewCustomerAsync();
        // The client starts the trace, so the test knows its id.
        var traceId = ActivityTraceId.CreateRandom();
        var traceparent = $"00-{traceId}-{ActivitySpanId.CreateRandom()}-01";
        await graph.Gateway.As(customer.Token)
            .SendAsync(HttpMethod.Post, "/api/v1/orders",
                System.Net.Http.Json.JsonContent.Create(OrderRequests.For(product, 1), options: JsonDefaults.Options),
                ("Idempotency-Key", Guid.NewGuid().ToString("N")), ("traceparent", traceparent))
            .ExpectAsync(HttpStatusCode.Created);

        var page = await SignInAsync();
        var dashboard = new Uri(page.Url);
        // Spans reach the dashboard in the exporters' batches: look again until every service's part has arrived.
        // The request's own spans, then the relay's sends (the dashboard names messaging spans by system and
        // destination) and the function's processing of the SQS message, under its own resource.
        string[] expected =
        [
            ResourceNames.Gateway, ResourceNames.Orders, ResourceNames.Products, ResourceNames.Users, ResourceNames.Notifications,
            $"kafka {KafkaTopics.Orders}", $"aws_sqs {SqsQueues.OrderEvents}",
        ];
        var text = await WaitForTextAsync(page, body => expected.All(s => body.Contains(s, StringComparison.Ordinal)),
            reload: () => page.GotoAsync(new Uri(dashboard, $"/traces/detail/{traceId}").ToString()));
        await page.ScreenshotAsync(new() { Path = Path.Combine(Screenshots, "order-trace.png"), FullPage = true });

        Assert.Contains("POST", text, StringComparison.Ordinal);
        Assert.All(expected, part => Assert.Contains(part, text, StringComparison.Ordinal));
    }

    [Fact]
    public async Task TheOrdersServicesOperatorMetricsAreInTheDashboard()
    {
        var product = await (await Catalog.AsAdminAsync(graph)).CreateProductAsync(stock: 5);
        await graph.Gateway.As((await graph.Accounts.NewCustomerAsync()).Token)
            .PostAsync("/api/v1/orders", OrderRequests.For(product, 1), Guid.NewGuid().ToString("N"))
            .ExpectAsync(HttpStatusCode.Created);

        var page = await SignInAsync();
        var dashboard = new Uri(page.Url);
        string[] expected = ["ecommerce.orders.placed", "ecommerce.outbox.backlog", "ecommerce.outbox.oldest_age", "http.server.request.duration"];
        // Metrics reach the dashboard with the exporter's next export.
        var text = await WaitForTextAsync(page, body => expected.All(s => body.Contains(s, StringComparison.Ordinal)),
            reload: () => page.GotoAsync(new Uri(dashboard, $"/metrics/resource/{ResourceNames.Orders}").ToString()));
        await page.ScreenshotAsync(new() { Path = Path.Combine(Screenshots, "orders-metrics.png"), FullPage = true });

        Assert.All(expected, name => Assert.Contains(name, text, StringComparison.Ordinal));
    }

    public async Task InitializeAsync()
    {
        Directory.CreateDirectory(Screenshots);
        _playwright = await Playwright.CreateAsync();
        _browser = await _playwright.Chromium.LaunchAsync(new()
        {
            // Debian's Chromium: Playwright's own browser download is not possible here.
            ExecutablePath = "/usr/bin/chromium",
            Args = ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking",
                "--disable-component-update", "--disable-sync"],
        });
    }

    public async Task DisposeAsync()
    {
        await _browser.DisposeAsync();
        _playwright.Dispose();
    }

    private async Task<IPage> SignInAsync()
    {
        var page = await _browser.NewPageAsync(new() { ViewportSize = new() { Width = 1600, Height = 1000 } });
        // The login URL carries the browser token; the dashboard then lands on its resources page.
        await page.GotoAsync((await graph.App.GetDashboardUrlAsync()).ToString());
        return page;
    }

    private static bool Unsettled(string body) =>
        body.Contains("Unhealthy", StringComparison.Ordinal) || body.Contains("Starting", StringComparison.Ordinal)
        || body.Contains("Failed", StringComparison.Ordinal) || body.Contains("Finished", StringComparison.Ordinal);

    private static async Task<string> WaitForTextAsync(IPage page, Func<string, bool> done, Func<Task<IResponse?>>? reload = null)
    {
        var text = "";
        var deadline = DateTime.UtcNow.AddSeconds(60);
        while (DateTime.UtcNow < deadline)
        {
            if (reload is not null)
            {
                await reload();
            }
            await page.WaitForTimeoutAsync(1000);
            text = await page.InnerTextAsync("body");
            if (done(text))
            {
                break;
            }
        }
        return text;
    }
}
