extern alias thumbnails;
using System.Diagnostics;
using Amazon.S3;
using Amazon.S3.Model;
using ECommerce.AppHost.Resources.Aws;
using ECommerce.AppHost.Resources.Lambda;
using ECommerce.Contracts.Products;
using ECommerce.ServiceDefaults;
using ECommerce.UnitTests.Thumbnails;
using Microsoft.Extensions.DependencyInjection;
using ThumbnailMaker = thumbnails::ECommerce.Thumbnails.Function.ThumbnailMaker;
using ImageLimits = thumbnails::ECommerce.Thumbnails.Function.ImageLimits;

// It runs the AppHost, which runs resources as Linux processes.
[assembly: System.Runtime.Versioning.SupportedOSPlatform("linux")]

namespace ECommerce.Benchmarks;

/// <summary>
/// Thumbnails per second through the whole path the AppHost runs — images put in S3, the emulated bucket
/// notification, SQS, the event source mapping, two execution environments of the function — and, in the same run,
/// the same images through the function's image code in this process on two threads: the floor the path is held to.
/// </summary>
public static class ThumbnailsThroughput
{
    private const int Environments = 2;

    public static async Task<int> Main(string[] args)
    {
        var images = args.Length > 0 ? int.Parse(args[0]) : 40;
        var rounds = args.Length > 1 ? int.Parse(args[1]) : 3;
        var data = Directory.CreateTempSubdirectory("ecommerce-bench-thumbnails-");
        var builder = DistributedApplication.CreateBuilder(new DistributedApplicationOptions
        {
            Args = [$"--AppHost:DataDirectory={data.FullName}", "--DcpPublisher:RandomizePorts=true"],
            DisableDashboard = true,
        });
        var aws = builder.AddFauxqs(ResourceNames.Aws, port: 0)
            .WithQueue(new QueueDefinition(SqsQueues.ProductImageEvents, VisibilityTimeout: TimeSpan.FromSeconds(180)))
            .WithBucket(S3Buckets.ProductImages)
            .WithBucketNotification(new BucketNotification(S3Buckets.ProductImages, SqsQueues.ProductImageEvents, Prefix: "products/"));
        builder.AddLambdaFunction<Projects.ECommerce_Thumbnails>(ResourceNames.Thumbnails)
            .WithSettings(TimeSpan.FromSeconds(30), memorySizeMb: 1024, concurrency: Environments)
            .WithAwsReference(aws, writes: [S3Buckets.ProductImages]).WaitFor(aws)
            .WithSqsEventSource(aws, new SqsEventSource(SqsQueues.ProductImageEvents, BatchSize: 5));

        await using var app = builder.Build();
        try
        {
            await app.StartAsync();
            await app.ResourceNotifications.WaitForResourceHealthyAsync(ResourceNames.Thumbnails);
            using var s3 = app.Services.GetRequiredService<DistributedApplicationModel>().Resources.OfType<FauxqsResource>().Single().CreateS3Client();
            var photo = TestImages.Jpeg(4000, 3000);
            ThumbnailMaker.Initialize();
            var maker = new ThumbnailMaker(ImageLimits.Default);
            Console.WriteLine($"\n{images} photos of 4000×3000 ({photo.Length / 1024} KiB JPEG) per run, 2 thumbnails each, {rounds} rounds; " +
                $"{Environments} execution environments, batches of 5\n");
            Console.WriteLine($"warm-up  path     {(await PathAsync(s3, photo, images)).PerSecond,8:0.0} thumbnails/s");
            Console.WriteLine($"warm-up  in-process {InProcess(maker, photo, images),6:0.0} thumbnails/s");
            var path = new List<Run>();
            var floor = new List<double>();
            for (var round = 1; round <= rounds; round++)
            {
                var run = await PathAsync(s3, photo, images);
                path.Add(run);
                floor.Add(InProcess(maker, photo, images));
                Console.WriteLine($"round {round}  path {run.PerSecond,6:0.0} thumbnails/s (upload → both thumbnails p50 {run.P50.TotalMilliseconds:0} ms, " +
                    $"p90 {run.P90.TotalMilliseconds:0} ms)   in-process {floor[^1],6:0.0} thumbnails/s");
            }
            var ratios = path.Zip(floor, (p, f) => p.PerSecond / f).ToList();
            Console.WriteLine();
            Console.WriteLine($"path        median {Median(path.Select(r => r.PerSecond)),6:0.0} thumbnails/s, upload → thumbnails p50 {Median(path.Select(r => r.P50.TotalMilliseconds)):0} ms");
            Console.WriteLine($"in-process  median {Median(floor),6:0.0} thumbnails/s ({Environments} threads, the function's ThumbnailMaker)");
            Console.WriteLine($"path / in-process: median {Median(ratios):0.00} (min {ratios.Min():0.00}, max {ratios.Max():0.00})");
            return 0;
        }
        finally
        {
            await app.StopAsync();
            data.Delete(recursive: true);
        }
    }

    private sealed record Run(double PerSecond, TimeSpan P50, TimeSpan P90);

    /// <summary>Puts the images (4 at a time) and times until every thumbnail exists; per image, from its upload to its second thumbnail.</summary>
    private static async Task<Run> PathAsync(IAmazonS3 s3, byte[] photo, int images)
    {
        var products = Enumerable.Range(0, images).Select(_ => Guid.NewGuid()).ToList();
        var uploaded = new Dictionary<Guid, TimeSpan>();
        var done = new Dictionary<Guid, TimeSpan>();
        var clock = Stopwatch.StartNew();
        var uploads = Parallel.ForEachAsync(products, new ParallelOptions { MaxDegreeOfParallelism = 4 }, async (product, ct) =>
        {
            await s3.PutObjectAsync(new PutObjectRequest { BucketName = S3Buckets.ProductImages, Key = $"products/{product}/main.jpg", InputStream = new MemoryStream(photo) }, ct);
            lock (uploaded)
            {
                uploaded[product] = clock.Elapsed;
            }
        });
        while (done.Count < images)
        {
            if (clock.Elapsed > TimeSpan.FromMinutes(5))
            {
                throw new TimeoutException($"{images - done.Count} image(s) had no thumbnails after 5 minutes.");
            }
            await Task.Delay(100);
            var keys = await KeysAsync(s3);
            foreach (var product in products.Where(p => !done.ContainsKey(p)
                && ProductThumbnails.Widths.All(width => keys.Contains(ProductThumbnails.KeyOf(p, "main.jpg", width)))))
            {
                done[product] = clock.Elapsed;
            }
        }
        await uploads;
        var latencies = products.Select(p => done[p] - uploaded[p]).Order().ToList();
        return new Run(images * ProductThumbnails.Widths.Length / done.Values.Max().TotalSeconds,
            latencies[latencies.Count / 2], latencies[(int)(latencies.Count * 0.9)]);
    }

    private static async Task<HashSet<string>> KeysAsync(IAmazonS3 s3)
    {
        var keys = new HashSet<string>(StringComparer.Ordinal);
        var request = new ListObjectsV2Request { BucketName = S3Buckets.ProductImages, Prefix = "products/" };
        ListObjectsV2Response page;
        do
        {
            page = await s3.ListObjectsV2Async(request);
            keys.UnionWith((page.S3Objects ?? []).Select(o => o.Key));
            request.ContinuationToken = page.NextContinuationToken;
        }
        while (page.IsTruncated == true);
        return keys;
    }

    private static double InProcess(ThumbnailMaker maker, byte[] photo, int images)
    {
        var clock = Stopwatch.StartNew();
        Parallel.For(0, images, new ParallelOptions { MaxDegreeOfParallelism = Environments },
            _ => maker.Make(photo, ProductThumbnails.Widths, CancellationToken.None));
        return images * ProductThumbnails.Widths.Length / clock.Elapsed.TotalSeconds;
    }

    private static double Median(IEnumerable<double> figures)
    {
        var sorted = figures.Order().ToList();
        return sorted[sorted.Count / 2];
    }
}
