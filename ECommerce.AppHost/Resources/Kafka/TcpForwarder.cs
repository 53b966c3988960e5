using System.Net;
using System.Net.Sockets;

namespace ECommerce.AppHost.Resources.Kafka;

/// <summary>
/// Listens on a stable loopback port and pipes each connection to a target address. It gives the embedded Kafka
/// cluster, whose brokers listen on ports librdkafka chooses, a fixed bootstrap address for people's tools:
/// a client bootstraps here, and the metadata it receives sends it to the brokers directly.
/// </summary>
public sealed class TcpForwarder : IAsyncDisposable
{
    private readonly TcpListener _listener;
    private readonly DnsEndPoint _target;
    private readonly CancellationTokenSource _stopping = new();
    private readonly Task _acceptLoop;

    public TcpForwarder(int port, DnsEndPoint target)
    {
        _target = target;
        _listener = new TcpListener(IPAddress.Loopback, port);
        _listener.Start();
        Port = ((IPEndPoint)_listener.LocalEndpoint).Port;
        _acceptLoop = AcceptAsync();
    }

    public int Port { get; }

    public async ValueTask DisposeAsync()
    {
        await _stopping.CancelAsync();
        _listener.Stop();
        await _acceptLoop.ContinueWith(_ => { }, TaskScheduler.Default);
    }

    private async Task AcceptAsync()
    {
        while (!_stopping.IsCancellationRequested)
        {
            var client = await _listener.AcceptTcpClientAsync(_stopping.Token);
            _ = PipeAsync(client);
        }
    }

    private async Task PipeAsync(TcpClient client)
    {
        using (client)
        using (var upstream = new TcpClient())
        {
            try
            {
                await upstream.ConnectAsync(_target.Host, _target.Port, _stopping.Token);
                var down = client.GetStream();
                var up = upstream.GetStream();
                // When either side closes, the other is closed too by leaving the using blocks.
                await Task.WhenAny(down.CopyToAsync(up, _stopping.Token), up.CopyToAsync(down, _stopping.Token));
            }
            catch (Exception exception) when (exception is IOException or SocketException or OperationCanceledException)
            {
                // A broker that is down, or a client that went away: the client sees a closed connection, as it would.
            }
        }
    }
}
