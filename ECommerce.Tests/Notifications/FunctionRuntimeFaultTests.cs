using System.Text;
using Amazon.SQS.Model;
using ECommerce.AppHost.Resources.Lambda;
using ECommerce.Contracts.Orders;
using ECommerce.ServiceDefaults;
using ECommerce.Tests.Harness;

namespace ECommerce.Tests.Notifications;

/// <summary>
/// Runtime processes that die or hang while they hold a batch: Lambda discards the environment, starts a new one,
/// and the batch comes back from SQS once its visibility timeout ends.
/// </summary>
[Collection(GraphCollection.Name)]
public sealed class FunctionRuntimeFaultTests(GraphFixture graph)
{
    private static readonly TimeSpan Within = TimeSpan.FromSeconds(30);

    [Fact]
    public async Task ARuntimeProcessThatExitsMidBatchIsReplacedAndTheBatchIsRetried()
    {
        var orderEvent = NotificationFunction.NewOrderEvent();
        var (holder, requestId, frozen) = await HandToAFrozenRuntimeAsync(orderEvent);
        var restarts = holder.Restarts;
        try
        {
            ProcessSignals.Send("KILL", holder.Current!.Pid);
            await Poll.Eventually(() => Task.FromResult(holder.Restarts), r => r > restarts, Within);
        }
        finally
        {
            Thaw(frozen);
        }

        Assert.Equal(restarts + 1, holder.Restarts);
        Assert.DoesNotContain(holder.Current!.Pid, frozen);
        Assert.Single(await Poll.Eventually(() => graph.NotificationsOfAsync(orderEvent.OrderId), r => r.Count > 0, Within));
        Assert.Contains(graph.FunctionLog, l => l.Contains($"invocation {requestId}:", StringComparison.Ordinal) && l.Contains("failed with Runtime.ExitError", StringComparison.Ordinal));
    }

    [Fact]
    public async Task AnInvocationThatOutlivesTheFunctionTimeoutEndsItsEnvironmentAndTheBatchIsRetried()
    {
        var orderEvent = NotificationFunction.NewOrderEvent();
        var (holder, requestId, frozen) = await HandToAFrozenRuntimeAsync(orderEvent);
        var restarts = holder.Restarts;
        try
        {
            // Nobody touches the hung process: the function's timeout alone must end it.
            await Poll.Eventually(() => Task.FromResult(holder.Restarts), r => r > restarts, GraphFixture.FunctionTimeout + Within);
        }
        finally
        {
            Thaw(frozen);
        }

        Assert.Equal(restarts + 1, holder.Restarts);
        Assert.Single(await Poll.Eventually(() => graph.NotificationsOfAsync(orderEvent.OrderId), r => r.Count > 0, Within));
        Assert.Contains(graph.FunctionLog, l => l.Contains($"invocation {requestId}:", StringComparison.Ordinal) && l.Contains("failed with Sandbox.Timedout", StringComparison.Ordinal));
        Assert.Contains(graph.FunctionLog, l => l.Contains("its invocation timed out", StringComparison.Ordinal));
    }

    /// <summary>Freezes every runtime process (SIGSTOP), sends the event, and returns the one that took it.</summary>
    private async Task<(RuntimeProcess Holder, string RequestId, List<int> Frozen)> HandToAFrozenRuntimeAsync(OrderEvent orderEvent)
    {
        var frozen = graph.Notifications.RuntimeProcesses.Select(p => p.Current!.Pid).ToList();
        frozen.ForEach(pid => ProcessSignals.Send("STOP", pid));
        try
        {
            using var sqs = graph.Aws.CreateSqsClient();
            await sqs.SendMessageAsync(new SendMessageRequest { QueueUrl = await sqs.QueueUrlAsync(SqsQueues.OrderEvents), MessageBody = orderEvent.ToJson() });
            // Other tests' events may be on their way too: the holder is the process whose open invocation carries this one.
            var holder = await Poll.Eventually(
                () => Task.FromResult(graph.Notifications.RuntimeProcesses.FirstOrDefault(p => p.Environment.OpenInvocation is { } open
                    && Encoding.UTF8.GetString(open.Payload).Contains(orderEvent.EventId.ToString(), StringComparison.Ordinal))),
                p => p is not null, Within);
            Assert.NotNull(holder);
            return (holder, holder.Environment.OpenInvocation!.RequestId, frozen);
        }
        catch
        {
            Thaw(frozen);
            throw;
        }
    }

    /// <summary>Lets the frozen processes that are still running go on.</summary>
    private void Thaw(List<int> frozen)
    {
        foreach (var pid in frozen.Where(pid => graph.Notifications.RuntimeProcesses.Any(p => p.Current?.Pid == pid && !p.Current.Exited.IsCompleted)))
        {
            ProcessSignals.Send("CONT", pid);
        }
    }
}
