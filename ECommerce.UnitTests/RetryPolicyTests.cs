using ECommerce.ServiceDefaults.Resilience;

namespace ECommerce.UnitTests;

/// <summary>Which calls between services the resilience pipeline may repeat.</summary>
public sealed class RetryPolicyTests
{
    [Theory]
    [InlineData("GET")]
    [InlineData("HEAD")]
    [InlineData("OPTIONS")]
    [InlineData("PUT")]
    [InlineData("DELETE")]
    public void IdempotentMethodsMayBeRetried(string method) =>
        Assert.True(RetryPolicy.IsRetryAllowed(new HttpRequestMessage(new HttpMethod(method), "http://orders/api/v1/orders")));

    [Theory]
    [InlineData("POST")]
    [InlineData("PATCH")]
    public void AWriteWithoutAnIdempotencyKeyIsNeverRetried(string method) =>
        Assert.False(RetryPolicy.IsRetryAllowed(new HttpRequestMessage(new HttpMethod(method), "http://orders/api/v1/orders")));

    [Fact]
    public void APostWithAnIdempotencyKeyMayBeRetriedBecauseTheServerDeduplicatesIt()
    {
        var request = new HttpRequestMessage(HttpMethod.Post, "http://payments/api/v1/payments");
        request.Headers.Add(RetryPolicy.IdempotencyKeyHeader, "k-1");
        Assert.True(RetryPolicy.IsRetryAllowed(request));
    }
}
