using System.Diagnostics;
using System.IO.Compression;
using System.Text;
using System.Text.Json;
using ECommerce.AppHost.Resources.Lambda;
using ECommerce.ServiceDefaults;
using ECommerce.Tests.Harness;
using ECommerce.UnitTests.Thumbnails;

namespace ECommerce.Tests.Notifications;

/// <summary>The deployable zips, built by their one command and run as Lambda runs a custom runtime: its `bootstrap`, nothing else.</summary>
[Collection(GraphCollection.Name)]
public sealed class FunctionPackageTests(GraphFixture graph) : IDisposable
{
    private readonly string _folder = Directory.CreateTempSubdirectory("notifications-package-").FullName;

    /// <summary>The function's zip, built by its command and unpacked as Lambda unpacks it: the path of its bootstrap.</summary>
    private async Task<string> PackagedBootstrapAsync(string function)
    {
        var zip = Path.Combine(_folder, $"{function}-lambda.zip");
        var (exitCode, output) = await RunAsync("bash", [Path.Combine(GraphFixture.RepositoryRoot, "eng/package-function.sh"), function, zip], new Dictionary<string, string>());
        Assert.True(exitCode == 0, output);
        var unpacked = Path.Combine(_folder, function);
        ZipFile.ExtractToDirectory(zip, unpacked);
        var bootstrap = Path.Combine(unpacked, "bootstrap");
        Assert.True(File.GetUnixFileMode(bootstrap).HasFlag(UnixFileMode.UserExecute), "bootstrap must be executable for Lambda to start it");
        return bootstrap;
    }

    [Fact]
    public async Task ThePackagedBootstrapServesABatchFromItsZip()
    {
        var bootstrap = await PackagedBootstrapAsync("notifications");

        await using var runtimeApi = new RuntimeApiEmulator(RuntimeApiProtocolTests.FunctionArn, TimeSpan.FromSeconds(30), [RuntimeApiProtocolTests.FreePort()]);
        await runtimeApi.StartAsync(CancellationToken.None);
        var environment = new Dictionary<string, string>
        {
            ["AWS_REGION"] = "us-east-1",
            ["AWS_ENDPOINT_URL_DYNAMODB"] = graph.DynamoDb.Endpoint.Url,
            ["AWS_ACCESS_KEY_ID"] = "local",
            ["AWS_SECRET_ACCESS_KEY"] = "local",
            ["AWS_LAMBDA_RUNTIME_API"] = runtimeApi.Environments[0].RuntimeApi,
            ["NOTIFICATIONS_TABLE"] = "notifications",
        };
        using var function = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        var running = RunAsync(bootstrap, [], environment, function.Token);

        var orderEvent = NotificationFunction.NewOrderEvent();
        var batch = JsonSerializer.Serialize(new
        {
            Records = new[]
            {
                new { messageId = "good", receiptHandle = "r1", body = orderEvent.ToJson(), eventSource = "aws:sqs" },
                new { messageId = "poison", receiptHandle = "r2", body = "{ not an event", eventSource = "aws:sqs" },
            },
        });
        var result = await runtimeApi.InvokeAsync(Encoding.UTF8.GetBytes(batch), function.Token);
        await function.CancelAsync();
        var (_, log) = await running;

        Assert.True(result.Succeeded, Encoding.UTF8.GetString(result.Body));
        Assert.Equal("""{"batchItemFailures":[{"itemIdentifier":"poison"}]}""", Encoding.UTF8.GetString(result.Body));
        Assert.Single(await graph.NotificationsOfAsync(orderEvent.OrderId));
        var lines = log.Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(l => JsonDocument.Parse(l).RootElement.Clone()).ToList();
        Assert.Contains(lines, l => l.Field("requestId") == result.RequestId && l.Field("MessageId") == "poison" && l.Field("level") == "WARN");
    }

    [Fact]
    public async Task ThePackagedThumbnailBootstrapMakesThumbnailsWithItsTrimmedImageLibrary()
    {
        var bootstrap = await PackagedBootstrapAsync("thumbnails");
        // In a bucket without notifications: the graph's own thumbnail function must not make them first.
        const string bucket = S3Buckets.OrderDocuments;
        var key = $"products/{Guid.NewGuid()}/main.jpg";
        using var s3 = graph.Aws.CreateS3Client();
        await s3.PutObjectAsync(new Amazon.S3.Model.PutObjectRequest { BucketName = bucket, Key = key, InputStream = new MemoryStream(TestImages.Jpeg(1600, 1200)) });

        await using var runtimeApi = new RuntimeApiEmulator(RuntimeApiProtocolTests.FunctionArn, TimeSpan.FromSeconds(30), [RuntimeApiProtocolTests.FreePort()]);
        await runtimeApi.StartAsync(CancellationToken.None);
        var environment = new Dictionary<string, string>
        {
            ["AWS_REGION"] = "us-east-1",
            ["AWS_ENDPOINT_URL_S3"] = graph.Aws.Endpoint.Url,
            ["AWS_ACCESS_KEY_ID"] = "local",
            ["AWS_SECRET_ACCESS_KEY"] = "local",
            ["AWS_LAMBDA_RUNTIME_API"] = runtimeApi.Environments[0].RuntimeApi,
        };
        using var function = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        var running = RunAsync(bootstrap, [], environment, function.Token);

        var created = JsonSerializer.Serialize(new { Records = new[] { new { eventName = "ObjectCreated:Put", s3 = new { bucket = new { name = bucket }, @object = new { key } } } } });
        var batch = JsonSerializer.Serialize(new { Records = new[] { new { messageId = "image", receiptHandle = "r1", body = created, eventSource = "aws:sqs" } } });
        var result = await runtimeApi.InvokeAsync(Encoding.UTF8.GetBytes(batch), function.Token);
        await function.CancelAsync();
        var (_, log) = await running;

        Assert.True(result.Succeeded, Encoding.UTF8.GetString(result.Body) + log);
        Assert.Equal("""{"batchItemFailures":[]}""", Encoding.UTF8.GetString(result.Body));
        var thumbnail = await s3.GetObjectMetadataAsync(bucket, key.Replace("main.jpg", "thumbnails/main-480.webp"));
        Assert.Equal("480", thumbnail.Metadata["width"]);
        Assert.Equal("360", thumbnail.Metadata["height"]);
    }

    /// <summary>Runs a program to its end (or until <paramref name="stop"/>, then SIGTERM), with its output.</summary>
    private static async Task<(int ExitCode, string Output)> RunAsync(string program, string[] arguments, Dictionary<string, string> environment,
        CancellationToken stop = default)
    {
        var info = new ProcessStartInfo(program, arguments) { RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var (key, value) in environment)
        {
            info.Environment[key] = value;
        }
        using var process = Process.Start(info)!;
        var output = process.StandardOutput.ReadToEndAsync(CancellationToken.None);
        var errors = process.StandardError.ReadToEndAsync(CancellationToken.None);
        using (stop.Register(() => Process.Start("kill", ["-TERM", process.Id.ToString()])?.WaitForExit()))
        {
            await process.WaitForExitAsync(CancellationToken.None).WaitAsync(TimeSpan.FromMinutes(5));
        }
        return (process.ExitCode, await output + await errors);
    }

    public void Dispose() => Directory.Delete(_folder, recursive: true);
}
