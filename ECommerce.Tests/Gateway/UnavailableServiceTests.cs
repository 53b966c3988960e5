using System.Net;
using System.Net.Sockets;
using ECommerce.Tests.Harness;

namespace ECommerce.Tests.Gateway;

public sealed class UnavailableServiceTests
{
    [Fact]
    public async Task AServiceThatIsDownIsA503WithRetryAfterNotA502()
    {
        await using var gateway = await GatewayProcess.StartAsync(
            new Dictionary<string, string> { ["products"] = $"http://127.0.0.1:{GatewayProcess.FreePort()}" }, TimeSpan.FromSeconds(30));
        using var http = new HttpClient();

        var response = await http.GetAsync($"{gateway.Url}/api/v1/products");

        Assert.Equal(TimeSpan.FromSeconds(5), response.Headers.RetryAfter?.Delta);
        var problem = await Task.FromResult(response).ExpectProblemAsync(HttpStatusCode.ServiceUnavailable);
        Assert.Equal("Service unavailable", problem.Text("title"));
    }

    [Fact]
    public async Task AServiceThatAcceptsButNeverAnswersIsA504WithRetryAfter()
    {
        // Accepts connections and then says nothing, like a frozen process.
        using var silent = new TcpListener(IPAddress.Loopback, 0);
        silent.Start();
        await using var gateway = await GatewayProcess.StartAsync(
            new Dictionary<string, string> { ["products"] = $"http://127.0.0.1:{((IPEndPoint)silent.LocalEndpoint).Port}" }, TimeSpan.FromSeconds(2));
        using var http = new HttpClient();

        var response = await http.GetAsync($"{gateway.Url}/api/v1/products");

        Assert.Equal(TimeSpan.FromSeconds(5), response.Headers.RetryAfter?.Delta);
        var problem = await Task.FromResult(response).ExpectProblemAsync(HttpStatusCode.GatewayTimeout);
        Assert.Equal("Service timed out", problem.Text("title"));
    }
}
