using System.Net.Sockets;
using Amazon.DynamoDBv2.Model;
using Amazon.Runtime;
using Microsoft.Extensions.Logging;
using Polly;
using Polly.Retry;

namespace ECommerce.Notifications.Function;

/// <summary>
/// DynamoDB not answering — refused connections, 5xx, throttling — is an outage of the store, not a fault of the
/// message. Reporting the message as failed at once would count the outage against it: every failed invocation is a
/// receive, and after the queue's maxReceiveCount a perfectly good event is in the dead-letter queue. So the write is
/// tried again, with growing pauses, for as long as the invocation may run; only when its deadline comes is the message
/// handed back to SQS, one receive spent per function timeout instead of one per attempt.
/// </summary>
public static class StoreRetry
{
    public static readonly TimeSpan FirstPause = TimeSpan.FromMilliseconds(200);
    public static readonly TimeSpan LongestPause = TimeSpan.FromSeconds(2);

    public static ResiliencePipeline Create(TimeProvider clock, ILogger logger) => new ResiliencePipelineBuilder { TimeProvider = clock }
        .AddRetry(new RetryStrategyOptions
        {
            ShouldHandle = args => ValueTask.FromResult(args.Outcome.Exception is { } exception
                && !args.Context.CancellationToken.IsCancellationRequested && IsOutage(exception)),
            // Bounded by the invocation's deadline (the pipeline's cancellation token), not by a count.
            MaxRetryAttempts = int.MaxValue,
            BackoffType = DelayBackoffType.Exponential,
            UseJitter = true,
            Delay = FirstPause,
            MaxDelay = LongestPause,
            OnRetry = args =>
            {
                // Said once per write, not once per attempt: an outage would otherwise flood the log.
                if (args.AttemptNumber == 0)
                {
                    logger.LogWarning("DynamoDB is not answering ({Error}); the write is retried until it succeeds or the invocation's time runs out.",
                        args.Outcome.Exception!.GetBaseException().Message);
                }
                return ValueTask.CompletedTask;
            },
        })
        .Build();

    /// <summary>True for failures of the store or the way to it; false for answers about the request itself.</summary>
    public static bool IsOutage(Exception exception) => exception switch
    {
        ConditionalCheckFailedException => false,
        AmazonServiceException service => (int)service.StatusCode >= 500
            || service.ErrorCode is "ThrottlingException" or "ProvisionedThroughputExceededException" or "RequestLimitExceeded"
            || (service.StatusCode == 0 && service.InnerException is not null && IsOutage(service.InnerException)),
        AmazonClientException client => client.InnerException is { } inner && IsOutage(inner),
        HttpRequestException or IOException or SocketException => true,
        // HttpClient's own timeout; the invocation's deadline is told apart by the pipeline's token.
        TaskCanceledException => true,
        _ => false,
    };
}
