extern alias notifications;
using System.Net;
using System.Net.Sockets;
using Amazon.DynamoDBv2;
using Amazon.DynamoDBv2.Model;
using Microsoft.Extensions.Logging.Abstractions;
using notifications::ECommerce.Notifications.Function;

namespace ECommerce.UnitTests.Notifications;

public sealed class StoreRetryTests
{
    public static TheoryData<Exception> Outages() =>
    [
        new HttpRequestException("Connection refused", new SocketException((int)SocketError.ConnectionRefused)),
        new AmazonDynamoDBException("Internal server error") { StatusCode = HttpStatusCode.InternalServerError },
        new AmazonDynamoDBException("Service unavailable") { StatusCode = HttpStatusCode.ServiceUnavailable },
        new ProvisionedThroughputExceededException("Slow down") { StatusCode = HttpStatusCode.BadRequest, ErrorCode = "ProvisionedThroughputExceededException" },
        new AmazonDynamoDBException("Rate exceeded") { StatusCode = HttpStatusCode.BadRequest, ErrorCode = "ThrottlingException" },
        new AmazonDynamoDBException("No answer", new HttpRequestException("Connection reset")),
        new TaskCanceledException("The request was canceled due to the configured HttpClient.Timeout"),
    ];

    public static TheoryData<Exception> AnswersAboutTheRequest() =>
    [
        new ConditionalCheckFailedException("Already stored") { StatusCode = HttpStatusCode.BadRequest },
        new AmazonDynamoDBException("One or more parameter values were invalid") { StatusCode = HttpStatusCode.BadRequest, ErrorCode = "ValidationException" },
        new ResourceNotFoundException("Requested resource not found") { StatusCode = HttpStatusCode.BadRequest },
        new InvalidOperationException("A bug"),
    ];

    [Theory]
    [MemberData(nameof(Outages))]
    public void AStoreThatDoesNotAnswerIsAnOutage(Exception exception) => Assert.True(StoreRetry.IsOutage(exception));

    [Theory]
    [MemberData(nameof(AnswersAboutTheRequest))]
    public void AnAnswerAboutTheRequestIsNotAnOutage(Exception exception) => Assert.False(StoreRetry.IsOutage(exception));

    [Fact]
    public async Task AWriteIsRetriedThroughAnOutageUntilItSucceeds()
    {
        var attempts = 0;
        var pipeline = StoreRetry.Create(TimeProvider.System, NullLogger.Instance);

        var stored = await pipeline.ExecuteAsync(_ => ++attempts < 4 ? throw new HttpRequestException("Connection refused") : ValueTask.FromResult(true),
            CancellationToken.None);

        Assert.True(stored);
        Assert.Equal(4, attempts);
    }

    [Fact]
    public async Task AWriteRefusedForItsContentIsNotRetried()
    {
        var attempts = 0;
        var pipeline = StoreRetry.Create(TimeProvider.System, NullLogger.Instance);

        await Assert.ThrowsAsync<AmazonDynamoDBException>(async () => await pipeline.ExecuteAsync<bool>(_ =>
        {
            attempts++;
            throw new AmazonDynamoDBException("invalid") { StatusCode = HttpStatusCode.BadRequest, ErrorCode = "ValidationException" };
        }, CancellationToken.None));
        Assert.Equal(1, attempts);
    }

    [Fact]
    public async Task TheInvocationsDeadlineEndsTheRetries()
    {
        var attempts = 0;
        var pipeline = StoreRetry.Create(TimeProvider.System, NullLogger.Instance);
        using var deadline = new CancellationTokenSource(TimeSpan.FromSeconds(1));

        // Cancelled in a pause, or the last attempt's own error once the deadline stops the retries: the handler takes
        // either as "not stored this time".
        var error = await Assert.ThrowsAnyAsync<Exception>(async () => await pipeline.ExecuteAsync<bool>(_ =>
        {
            attempts++;
            throw new HttpRequestException("Connection refused");
        }, deadline.Token));
        Assert.True(error is OperationCanceledException or HttpRequestException, error.ToString());
        Assert.True(deadline.IsCancellationRequested);
        Assert.InRange(attempts, 2, 20);
    }
}
