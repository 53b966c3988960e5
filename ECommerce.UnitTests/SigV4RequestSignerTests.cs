using Amazon.Runtime;
using ECommerce.ServiceDefaults.Aws.Sqs;

namespace ECommerce.UnitTests;

public sealed class SigV4RequestSignerTests
{
    // AWS's published Signature Version 4 test suite, case "get-vanilla".
    [Fact]
    public void TheSignatureMatchesAwsPublishedTestVector()
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, "https://example.amazonaws.com/");
        var credentials = new ImmutableCredentials("AKIDEXAMPLE", "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY", null);

        SigV4RequestSigner.Sign(request, [], credentials, "us-east-1", "service", new DateTime(2015, 8, 30, 12, 36, 0, DateTimeKind.Utc));

        Assert.Equal(
            "AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE/20150830/us-east-1/service/aws4_request, SignedHeaders=host;x-amz-date, " +
            "Signature=5fa00fa31553b73ebf1942676e86291e8372ff2a2260956d9b8aae1d763fbf31",
            request.Headers.GetValues("Authorization").Single());
        Assert.Equal("20150830T123600Z", request.Headers.GetValues("X-Amz-Date").Single());
    }

    [Fact]
    public void ASessionTokenIsSentAndSigned()
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, "http://127.0.0.1:4566/");
        var credentials = new ImmutableCredentials("AKID", "SECRET", "TOKEN");

        SigV4RequestSigner.Sign(request, [1, 2, 3], credentials, "eu-west-1", "sqs", DateTime.UtcNow);

        Assert.Equal("TOKEN", request.Headers.GetValues("X-Amz-Security-Token").Single());
        Assert.Contains("SignedHeaders=host;x-amz-date;x-amz-security-token", request.Headers.GetValues("Authorization").Single());
    }
}
