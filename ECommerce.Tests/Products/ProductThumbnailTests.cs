using System.Net;
using System.Text.Json;
using Amazon.SQS.Model;
using ECommerce.Lambda.RuntimeSupport;
using ECommerce.ServiceDefaults;
using ECommerce.Tests.Harness;
using ECommerce.UnitTests.Thumbnails;

namespace ECommerce.Tests.Products;

/// <summary>The thumbnail function through the whole path: upload → S3 event (emulated) → SQS → function → S3.</summary>
[Collection(GraphCollection.Name)]
public sealed class ProductThumbnailTests(GraphFixture graph)
{
    private static readonly TimeSpan Within = TimeSpan.FromSeconds(30);
    private static readonly HttpClient Download = new() { Timeout = TimeSpan.FromSeconds(30) };

    private async Task<JsonElement> ImageWithThumbnailsAsync(Guid product, string name) =>
        await Poll.Eventually(
            async () => (await graph.Products.GetAsync($"/api/v1/products/{product}/images").ExpectAsync(HttpStatusCode.OK))
                .EnumerateArray().FirstOrDefault(i => i.Text("name") == name),
            image => image.ValueKind == JsonValueKind.Object && image.GetProperty("thumbnails").GetArrayLength() == 2, Within);

    [Fact]
    public async Task AnUploadedProductImageGetsWebpThumbnailsOf160And480PixelsWithinSeconds()
    {
        var catalog = await Catalog.AsAdminAsync(graph);
        var product = await catalog.CreateProductAsync();

        await ProductImageTests.Upload(catalog.Admin, product, TestImages.Jpeg(4000, 3000), "photo.jpg", kind: "main").ExpectAsync(HttpStatusCode.Created);

        var image = await ImageWithThumbnailsAsync(product, "main.jpg");
        var sizes = new List<(int, int)>();
        foreach (var thumbnail in image.GetProperty("thumbnails").EnumerateArray())
        {
            using var response = await Download.GetAsync(thumbnail.Text("url"));
            Assert.Equal("image/webp", response.Content.Headers.ContentType?.MediaType);
            sizes.Add(TestImages.SizeOf(await response.Content.ReadAsByteArrayAsync()));
        }
        Assert.Equal([(160, 120), (480, 360)], sizes);
        var shown = (await graph.Products.GetAsync($"/api/v1/products/{product}").ExpectAsync(HttpStatusCode.OK)).GetProperty("thumbnails");
        Assert.Equal([160, 480], shown.EnumerateArray().Select(t => t.GetProperty("width").GetInt32()).ToArray());
        Assert.Contains($"/products/{product}/thumbnails/main-480.webp", shown[1].Text("url"));
    }

    [Fact]
    public async Task ACorruptImageEndsInTheDeadLetterQueueWithoutHoldingBackTheNextOne()
    {
        var catalog = await Catalog.AsAdminAsync(graph);
        var broken = await catalog.CreateProductAsync();
        var fine = await catalog.CreateProductAsync();

        await ProductImageTests.Upload(catalog.Admin, broken, TestImages.TruncatedJpeg(), "photo.jpg", kind: "main").ExpectAsync(HttpStatusCode.Created);
        await ProductImageTests.Upload(catalog.Admin, fine, TestImages.Jpeg(1600, 1200), "photo.jpg", kind: "main").ExpectAsync(HttpStatusCode.Created);

        await ImageWithThumbnailsAsync(fine, "main.jpg");
        var key = $"products/{broken}/main.jpg";
        // Five receives a visibility timeout apart, then the redrive policy moves it.
        var deadLettered = await DeadLetteredEventForAsync(key, TimeSpan.FromSeconds(90));
        Assert.Equal("ObjectCreated:Put", deadLettered.EventName);
        var listed = await graph.Products.GetAsync($"/api/v1/products/{broken}/images").ExpectAsync(HttpStatusCode.OK);
        Assert.Equal(0, listed[0].GetProperty("thumbnails").GetArrayLength());
    }

    [Fact]
    public async Task ARedeliveredEventLeavesTheThumbnailsAsTheyWere()
    {
        var catalog = await Catalog.AsAdminAsync(graph);
        var product = await catalog.CreateProductAsync();
        await ProductImageTests.Upload(catalog.Admin, product, TestImages.Jpeg(1200, 900), "photo.jpg", kind: "main").ExpectAsync(HttpStatusCode.Created);
        await ImageWithThumbnailsAsync(product, "main.jpg");
        using var s3 = graph.Aws.CreateS3Client();
        using var sqs = graph.Aws.CreateSqsClient();
        async Task<string[]> StateAsync() => await Task.WhenAll(new[] { 160, 480 }.Select(async width =>
        {
            var metadata = await s3.GetObjectMetadataAsync(S3Buckets.ProductImages, $"products/{product}/thumbnails/main-{width}.webp");
            return $"{metadata.ETag} {metadata.LastModified:O}";
        }));
        var before = await StateAsync();
        var original = await s3.GetObjectMetadataAsync(S3Buckets.ProductImages, $"products/{product}/main.jpg");

        var queue = (await sqs.GetQueueUrlAsync(SqsQueues.ProductImageEvents)).QueueUrl;
        var again = new S3Event
        {
            Records =
            [
                new S3EventRecord
                {
                    AwsRegion = "us-east-1", EventName = "ObjectCreated:Put", EventTime = DateTimeOffset.UtcNow,
                    S3 = new S3Entity
                    {
                        Bucket = new S3BucketEntity { Name = S3Buckets.ProductImages, Arn = $"arn:aws:s3:::{S3Buckets.ProductImages}" },
                        Object = new S3ObjectEntity { Key = $"products/{product}/main.jpg", ETag = original.ETag.Trim('"'), Size = original.ContentLength, Sequencer = "1" },
                    },
                },
            ],
        };
        await sqs.SendMessageAsync(queue, JsonSerializer.Serialize(again, LambdaJsonContext.Default.S3Event));
        await Poll.Eventually(async () => (await sqs.GetQueueAttributesAsync(queue, ["ApproximateNumberOfMessages", "ApproximateNumberOfMessagesNotVisible"]))
            .Attributes.Values.Sum(int.Parse), count => count == 0, Within);

        Assert.Equal(before, await StateAsync());
    }

    private async Task<S3EventRecord> DeadLetteredEventForAsync(string key, TimeSpan timeout)
    {
        using var sqs = graph.Aws.CreateSqsClient();
        var deadLetters = (await sqs.GetQueueUrlAsync(SqsQueues.ProductImageEventsDeadLetter)).QueueUrl;
        var deadline = DateTime.UtcNow + timeout;
        while (DateTime.UtcNow < deadline)
        {
            var received = await sqs.ReceiveMessageAsync(new ReceiveMessageRequest { QueueUrl = deadLetters, MaxNumberOfMessages = 10, WaitTimeSeconds = 2 });
            foreach (var message in received.Messages ?? [])
            {
                if (JsonSerializer.Deserialize(message.Body, LambdaJsonContext.Default.S3Event)?.Records?.FirstOrDefault(r => r.S3.Object.ObjectKey == key) is { } record)
                {
                    await sqs.DeleteMessageAsync(deadLetters, message.ReceiptHandle);
                    return record;
                }
            }
        }
        throw new TimeoutException($"The event of {key} did not reach {SqsQueues.ProductImageEventsDeadLetter} within {timeout}.");
    }
}
