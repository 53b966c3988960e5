using System.Globalization;
using System.Runtime.InteropServices;
using Microsoft.Extensions.DependencyInjection;

namespace ECommerce.AppHost.Resources;

public static class FreezeCommands
{
    /// <summary>
    /// Dashboard commands that freeze the resource's process (SIGSTOP) and thaw it (SIGCONT): an endpoint that still
    /// accepts connections and then says nothing, the outage the outbox tests play through.
    /// </summary>
    public static IResourceBuilder<T> WithFreezeCommands<T>(this IResourceBuilder<T> builder) where T : ExecutableResource =>
        builder
            .WithCommand("freeze", "Freeze", context => SignalAsync(context, ProcessSignals.Stop),
                new CommandOptions { IconName = "Pause", Description = "Stops the process where it stands (SIGSTOP): connections hang", UpdateState = WhenRunning })
            .WithCommand("thaw", "Thaw", context => SignalAsync(context, ProcessSignals.Continue),
                new CommandOptions { IconName = "Play", Description = "Lets a frozen process go on (SIGCONT)", UpdateState = WhenRunning });

    private static ResourceCommandState WhenRunning(UpdateCommandStateContext context) =>
        context.ResourceSnapshot.State?.Text == KnownResourceStates.Running ? ResourceCommandState.Enabled : ResourceCommandState.Disabled;

    private static Task<ExecuteCommandResult> SignalAsync(ExecuteCommandContext context, int signal)
    {
        var notifications = context.Services.GetRequiredService<ResourceNotificationService>();
        if (!notifications.TryGetCurrentState(context.ResourceName, out var current)
            || current.Snapshot.Properties.FirstOrDefault(p => p.Name == "executable.pid")?.Value is not { } pid)
        {
            return Task.FromResult(CommandResults.Failure($"{context.ResourceName} has no process to signal."));
        }
        return Task.FromResult(ProcessSignals.Send(Convert.ToInt32(pid, CultureInfo.InvariantCulture), signal)
            ? CommandResults.Success()
            : CommandResults.Failure($"signal {signal} to process {pid} failed (errno {Marshal.GetLastPInvokeError()})."));
    }
}
