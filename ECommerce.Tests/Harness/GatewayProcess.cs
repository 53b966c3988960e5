using System.Diagnostics;
using System.Net;
using System.Net.Sockets;

namespace ECommerce.Tests.Harness;

/// <summary>
/// The gateway alone, from its build output, in front of whatever upstream addresses a test gives it: for the cases a
/// running graph cannot show without disturbing every other test (a service that is down, one that never answers).
/// </summary>
public sealed class GatewayProcess : IAsyncDisposable
{
    private readonly Process _process;

    private GatewayProcess(Process process, string url) => (_process, Url) = (process, url);

    public string Url { get; }

    public static async Task<GatewayProcess> StartAsync(IReadOnlyDictionary<string, string> upstreams, TimeSpan upstreamTimeout)
    {
        // The test runs from bin/<configuration>/net10.0: the gateway was built in the same configuration.
        var configuration = new DirectoryInfo(Path.TrimEndingDirectorySeparator(AppContext.BaseDirectory)).Parent!.Name;
        var assembly = Path.Combine(GraphFixture.RepositoryRoot, "services", "ECommerce.Gateway", "bin", configuration, "net10.0", "ECommerce.Gateway.dll");
        var url = $"http://127.0.0.1:{FreePort()}";
        var start = new ProcessStartInfo("dotnet", [assembly]) { RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var (variable, value) in new Dictionary<string, string>
        {
            ["ASPNETCORE_URLS"] = url,
            ["ASPNETCORE_ENVIRONMENT"] = "Production",
            ["Gateway__UpstreamTimeout"] = upstreamTimeout.ToString(),
            ["Jwt__Issuer"] = "gateway-test",
            ["Jwt__Audience"] = "gateway-test",
            ["Jwt__SigningKey"] = "a-gateway-test-signing-key-of-32-bytes-or-more",
            ["AWS_REGION"] = "us-east-1",
            ["AWS_ENDPOINT_URL_DYNAMODB"] = $"http://127.0.0.1:{FreePort()}",
            ["Logging__LogLevel__Default"] = "Warning",
        }.Concat(upstreams.Select(u => KeyValuePair.Create($"services__{u.Key}__http__0", u.Value))))
        {
            start.Environment[variable] = value;
        }
        var process = Process.Start(start)!;
        var output = new System.Collections.Concurrent.ConcurrentQueue<string>();
        process.OutputDataReceived += (_, line) => output.Enqueue(line.Data ?? "");
        process.ErrorDataReceived += (_, line) => output.Enqueue(line.Data ?? "");
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        var gateway = new GatewayProcess(process, url);
        using var http = new HttpClient();
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(60);
        while (true)
        {
            try
            {
                using var _ = await http.GetAsync($"{url}/alive");
                return gateway;
            }
            catch (HttpRequestException) when (DateTime.UtcNow < deadline)
            {
                if (process.HasExited)
                {
                    throw new InvalidOperationException($"The gateway exited with {process.ExitCode}:\n{string.Join('\n', output)}");
                }
                await Task.Delay(200);
            }
        }
    }

    /// <summary>A port nothing listens on (yet): taken from the system, then let go.</summary>
    public static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    public async ValueTask DisposeAsync()
    {
        _process.Kill(entireProcessTree: true);
        await _process.WaitForExitAsync();
        _process.Dispose();
    }
}
