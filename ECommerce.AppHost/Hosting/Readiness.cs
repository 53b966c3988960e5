using ECommerce.AppHost.Hosting.Processes;

namespace ECommerce.AppHost.Hosting;

/// <summary>Polls a readiness probe until it passes, the process dies, or the startup timeout names the resource.</summary>
public static class Readiness
{
    public static async Task WaitAsync(
        Resource resource,
        ResourceContext context,
        Func<CancellationToken, Task<bool>> probe,
        CancellationToken cancellationToken,
        ManagedProcess? process = null)
    {
        var deadline = DateTime.UtcNow + context.Options.StartupTimeout;
        string lastError = "no answer yet";
        while (true)
        {
            if (process is { Exited.IsCompleted: true })
            {
                throw new ResourceStartException(
                    $"{resource} exited with code {process.Exited.Result} before it was ready. Last lines of {process.Log.Path}:\n  "
                    + string.Join("\n  ", process.Log.Tail(20)));
            }
            try
            {
                using var attempt = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
                attempt.CancelAfter(TimeSpan.FromSeconds(5));
                if (await probe(attempt.Token))
                {
                    return;
                }
                lastError = "probe answered not ready";
            }
            catch (Exception exception) when (exception is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
            {
                lastError = exception.GetBaseException().Message;
            }
            if (DateTime.UtcNow > deadline)
            {
                var logHint = process is null ? "" : $" See {process.Log.Path}.";
                throw new ResourceStartException(
                    $"{resource} was not ready within {context.Options.StartupTimeout.TotalSeconds:0} s (last probe: {lastError}).{logHint}");
            }
            await Task.Delay(TimeSpan.FromMilliseconds(250), cancellationToken);
        }
    }
}
