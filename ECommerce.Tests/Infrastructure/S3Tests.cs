using System.Text;
using Amazon.S3;
using Amazon.S3.Model;
using ECommerce.ServiceDefaults;
using ECommerce.Tests.Harness;

namespace ECommerce.Tests.Infrastructure;

[Collection(GraphCollection.Name)]
public sealed class S3Tests(GraphFixture graph)
{
    [Fact]
    public async Task TheThreeBucketsExist()
    {
        using var s3 = graph.Aws.CreateS3Client();
        var buckets = (await s3.ListBucketsAsync()).Buckets.Select(b => b.BucketName).ToArray();
        Assert.Contains(S3Buckets.ProductImages, buckets);
        Assert.Contains(S3Buckets.OrderDocuments, buckets);
        Assert.Contains(S3Buckets.AnalyticsResults, buckets);
    }

    [Fact]
    public async Task ObjectsArePutListedReadAndServedThroughAPresignedUrl()
    {
        using var s3 = graph.Aws.CreateS3Client();
        var prefix = $"products/{Guid.NewGuid()}/";
        var content = Encoding.UTF8.GetBytes("not really a jpeg");
        await s3.PutObjectAsync(new PutObjectRequest
        {
            BucketName = S3Buckets.ProductImages,
            Key = prefix + "main.jpg",
            InputStream = new MemoryStream(content),
            ContentType = "image/jpeg",
        });
        await s3.PutObjectAsync(new PutObjectRequest { BucketName = S3Buckets.ProductImages, Key = prefix + "detail_1.jpg", ContentBody = "detail" });

        var listed = await s3.ListObjectsV2Async(new ListObjectsV2Request { BucketName = S3Buckets.ProductImages, Prefix = prefix });
        Assert.Equal([prefix + "detail_1.jpg", prefix + "main.jpg"], listed.S3Objects.Select(o => o.Key).Order());

        using (var read = await s3.GetObjectAsync(S3Buckets.ProductImages, prefix + "main.jpg"))
        {
            using var buffer = new MemoryStream();
            await read.ResponseStream.CopyToAsync(buffer);
            Assert.Equal(content, buffer.ToArray());
            Assert.Equal("image/jpeg", read.Headers.ContentType);
        }

        var url = await s3.GetPreSignedURLAsync(new GetPreSignedUrlRequest
        {
            BucketName = S3Buckets.ProductImages,
            Key = prefix + "main.jpg",
            Verb = HttpVerb.GET,
            Expires = DateTime.UtcNow.AddMinutes(5),
            Protocol = Protocol.HTTP,
        });
        Assert.Contains("X-Amz-Signature=", url);
        using var http = new HttpClient();
        Assert.Equal(content, await http.GetByteArrayAsync(url));
    }
}
