using System.Text;
using Amazon.SQS.Model;
using ECommerce.AppHost.Resources.Lambda;

namespace ECommerce.UnitTests;

/// <summary>How the SQS event source reads a function's ReportBatchItemFailures answer (Lambda's documented rules).</summary>
public sealed class BatchItemFailuresTests
{
    private static readonly Message[] Batch = [new() { MessageId = "a" }, new() { MessageId = "b" }, new() { MessageId = "c" }];

    [Theory]
    [InlineData("")]
    [InlineData("null")]
    [InlineData("{}")]
    [InlineData("""{"batchItemFailures":null}""")]
    [InlineData("""{"batchItemFailures":[]}""")]
    public void AnEmptyAnswerMeansEveryMessageSucceeded(string response) =>
        Assert.Empty(SqsEventSourceMapping.FailedItems(Encoding.UTF8.GetBytes(response), Batch));

    [Fact]
    public void TheNamedMessagesAloneFailed() =>
        Assert.Equal(["b"], SqsEventSourceMapping.FailedItems("""{"batchItemFailures":[{"itemIdentifier":"b"}]}"""u8.ToArray(), Batch));

    [Theory]
    [InlineData("""{"batchItemFailures":[{"itemIdentifier":"zzz"}]}""")]
    [InlineData("""{"batchItemFailures":[{"itemIdentifier":""}]}""")]
    [InlineData("""{"batchItemFailures":[{"itemIdentifier":null}]}""")]
    [InlineData("""{"batchItemFailures":[{"id":"a"}]}""")]
    [InlineData("""{"batchItemFailures":"a"}""")]
    [InlineData("[1,2]")]
    [InlineData("not json")]
    public void AnAnswerThatNamesNoMessageOfTheBatchFailsTheWholeBatch(string response) =>
        Assert.Equal(["a", "b", "c"], SqsEventSourceMapping.FailedItems(Encoding.UTF8.GetBytes(response), Batch).Order());
}
