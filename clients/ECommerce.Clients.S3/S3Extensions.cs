using Amazon.S3;
using Amazon.S3.Model;
using ECommerce.ServiceDefaults.Aws;
using Microsoft.Extensions.Hosting;

namespace ECommerce.Clients.S3;

public static class S3Extensions
{
    /// <summary>Registers <see cref="IAmazonS3"/>; the service is healthy when the store lists its buckets.</summary>
    public static IHostApplicationBuilder AddS3Client(this IHostApplicationBuilder builder) =>
        builder.AddAwsClient<IAmazonS3>("S3",
            settings => new AmazonS3Client(CreateConfig(settings)),
            (s3, ct) => s3.ListBucketsAsync(ct));

    /// <summary>
    /// A presigned GET URL for one object. Signing is local: no call to S3. An emulator's endpoint override is plain
    /// HTTP; real S3 is always HTTPS.
    /// </summary>
    public static string PresignedGetUrl(this IAmazonS3 s3, string bucket, string key, DateTimeOffset expiresAt) =>
        s3.GetPreSignedURL(new GetPreSignedUrlRequest
        {
            BucketName = bucket,
            Key = key,
            Verb = HttpVerb.GET,
            Expires = expiresAt.UtcDateTime,
            Protocol = s3.Config.ServiceURL?.StartsWith("http://", StringComparison.OrdinalIgnoreCase) == true ? Protocol.HTTP : Protocol.HTTPS,
        });

    /// <summary>Path-style addressing against an endpoint override: emulators do not serve bucket subdomains.</summary>
    public static AmazonS3Config CreateConfig(AwsServiceSettings settings) =>
        settings.Apply(new AmazonS3Config { ForcePathStyle = settings.ServiceUrl is not null });
}
