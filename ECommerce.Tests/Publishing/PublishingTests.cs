using Aspire.Hosting.ApplicationModel;
using ECommerce.AppHost.Resources.Aws;
using ECommerce.AppHost.Resources.DynamoDb;
using ECommerce.AppHost.Resources.Lambda;

namespace ECommerce.Tests.Publishing;

/// <summary>The publish as a whole: deterministic, naming what the model declares, and following the model when it changes.</summary>
public sealed class PublishingTests(PublishFixture published) : IClassFixture<PublishFixture>
{
    [Fact]
    public async Task PublishingTwiceWritesByteIdenticalFiles()
    {
        var again = await PublishedOutput.PublishAsync();
        try
        {
            var first = PublishedOutput.RelativeFiles(published.Output).ToList();
            Assert.Equal(first, PublishedOutput.RelativeFiles(again));
            Assert.Contains("kubernetes/overlays/eks/kustomization.yaml", first);
            Assert.Contains("sam/template.yaml", first);
            Assert.Contains("dataproc/analytics-spark-workflow.yaml", first);
            Assert.Contains("terraform/aws/dynamodb.tf", first);
            Assert.Contains("terraform/gcp/dataproc.tf", first);
            foreach (var file in first)
            {
                Assert.True(File.ReadAllBytes(Path.Combine(published.Output, file)).SequenceEqual(File.ReadAllBytes(Path.Combine(again, file))), file);
            }
        }
        finally
        {
            Directory.Delete(again, recursive: true);
        }
    }

    [Fact]
    public async Task TheFilesNameTheModelsServicesTablesQueuesBucketsAndFunctionSettings()
    {
        var files = await PublishedOutput.PublishChangedModelAsync(_ => { });
        var model = await ModelAsync();

        foreach (var project in model.OfType<ProjectResource>())
        {
            Assert.Contains($"kubernetes/base/{project.Name}/deployment.yaml", files.Keys);
            Assert.Contains($"aws_ecr_repository\" \"{project.Name}\"", files["terraform/aws/ecr.tf"]);
        }
        var dynamodb = model.OfType<DynamoDbLocalResource>().Single();
        Assert.Equal(dynamodb.Tables.Select(t => t.TableName).Order(),
            Names(files["terraform/aws/dynamodb.tf"], "aws_dynamodb_table"));
        foreach (var (table, attribute) in dynamodb.TimeToLiveAttributes)
        {
            Assert.Matches($"name += \"{table}\"", Block(files["terraform/aws/dynamodb.tf"], table));
            Assert.Matches($"attribute_name += \"{attribute}\"", Block(files["terraform/aws/dynamodb.tf"], table));
        }
        var aws = model.OfType<FauxqsResource>().Single();
        Assert.Equal(aws.Queues.Select(q => q.Name).Order(), Names(files["terraform/aws/sqs.tf"], "aws_sqs_queue"));
        Assert.Equal(aws.Buckets.Order(), Names(files["terraform/aws/s3.tf"], "aws_s3_bucket"));

        var sam = files["sam/template.yaml"];
        foreach (var function in model.OfType<LambdaFunctionResource>())
        {
            var (_, source) = Assert.Single(function.EventSources);
            var block = SamResource(sam, $"{Pascal(function.Name)}Function");
            Assert.Contains($"CodeUri: {function.Name}-lambda.zip\n", block);
            Assert.Contains($"BatchSize: {source.BatchSize}\n", block);
            Assert.Contains($"MaximumBatchingWindowInSeconds: {source.BatchWindow.TotalSeconds:0}\n", block);
            Assert.Contains($"MaximumConcurrency: {Math.Max(2, function.Concurrency)}\n", block);
            Assert.Contains($"Timeout: {function.Timeout.TotalSeconds:0}\n", block);
            Assert.Contains($"MemorySize: {function.MemorySizeMb}\n", block);
            // The function's role may consume its queue (the event source's grant), and only that queue.
            Assert.Contains($"Sid: ReadQueue{Pascal(source.Queue)}\n", SamResource(sam, $"{Pascal(function.Name)}FunctionRole"));
            Assert.Contains($"VisibilityTimeout: {aws.Queues.Single(q => q.Name == source.Queue).VisibilityTimeout!.Value.TotalSeconds:0}\n",
                SamResource(sam, $"{Pascal(source.Queue)}Queue"));
        }
        Assert.DoesNotContain("Policies:\n      - Version", sam);

        // Each bucket notification: S3's configuration in Terraform, and the queue's policy letting that bucket send, in both.
        foreach (var notification in aws.Notifications)
        {
            var s3 = files["terraform/aws/s3.tf"];
            var configuration = s3[s3.IndexOf($"resource \"aws_s3_bucket_notification\" \"{notification.Bucket.Replace('-', '_')}\"", StringComparison.Ordinal)..];
            Assert.Matches($"queue_arn += aws_sqs_queue\\.{notification.Queue.Replace('-', '_')}\\.arn", configuration);
            Assert.Matches($"filter_prefix += \"{notification.Prefix}\"", configuration);
            Assert.Contains($"resource \"aws_sqs_queue_policy\" \"{notification.Queue.Replace('-', '_')}\"", s3);
            Assert.Contains($"arn:${{AWS::Partition}}:s3:::{notification.Bucket}", SamResource(sam, $"{Pascal(notification.Queue)}QueuePolicy"));
        }
    }

    private static string Pascal(string name) => string.Concat(name.Split('-').Select(p => char.ToUpperInvariant(p[0]) + p[1..]));

    /// <summary>One top-level resource of the SAM template, up to the next.</summary>
    private static string SamResource(string template, string logicalId)
    {
        var start = template.IndexOf($"\n  {logicalId}:\n", StringComparison.Ordinal);
        Assert.True(start >= 0, $"{logicalId} is not in the SAM template");
        var next = System.Text.RegularExpressions.Regex.Match(template[(start + 3)..], "\n  [A-Za-z]");
        return next.Success ? template.Substring(start, next.Index + 3) : template[start..];
    }

    [Fact]
    public async Task RemovingAServiceAndATableFromTheModelRemovesThemFromEveryOutput()
    {
        var files = await PublishedOutput.PublishChangedModelAsync(builder =>
        {
            builder.Resources.Remove(builder.Resources.Single(r => r.Name == "analytics"));
            var dynamodb = builder.Resources.OfType<DynamoDbLocalResource>().Single();
            dynamodb.Tables.RemoveAll(t => t.TableName == "analytics-windows");
        });

        Assert.DoesNotContain(files.Keys, f => f.Contains("/analytics/", StringComparison.Ordinal) || f.Contains("analytics-spark", StringComparison.Ordinal));
        // Nothing else ran on GCP: no GKE overlay, no Dataproc, no GCP Terraform.
        Assert.DoesNotContain(files.Keys, f => f.StartsWith("kubernetes/overlays/gke/", StringComparison.Ordinal) || f.StartsWith("dataproc/", StringComparison.Ordinal)
            || f.StartsWith("terraform/gcp/", StringComparison.Ordinal));
        Assert.All(files, f => Assert.DoesNotContain("analytics-windows", f.Value));
        Assert.DoesNotContain("\"analytics\"", files["terraform/aws/ecr.tf"]);
        Assert.DoesNotContain("analytics", files["kubernetes/base/kustomization.yaml"]);
        Assert.DoesNotContain("ecommerce/analytics", files["kubernetes/overlays/eks/kustomization.yaml"]);
        Assert.DoesNotContain("- analytics", files["kubernetes/base/kustomization.yaml"]);
        // What stays, stays.
        Assert.Contains("kubernetes/base/orders/deployment.yaml", files.Keys);
        Assert.Contains("resource \"aws_dynamodb_table\" \"ecommerce_orders\"", files["terraform/aws/dynamodb.tf"]);
    }

    private static async Task<List<IResource>> ModelAsync()
    {
        List<IResource> resources = [];
        await PublishedOutput.PublishChangedModelAsync(builder => resources = [.. builder.Resources]);
        return resources;
    }

    private static IEnumerable<string> Names(string terraform, string type) =>
        terraform.Split('\n').Where(l => l.StartsWith($"resource \"{type}\" ", StringComparison.Ordinal))
            .Select(l => l.Split('"')[3].Replace('_', '-')).Order();

    private static string Block(string terraform, string name)
    {
        var start = terraform.IndexOf($"\"{name.Replace('-', '_')}\" {{", StringComparison.Ordinal);
        return terraform[start..terraform.IndexOf("\n}\n", start, StringComparison.Ordinal)];
    }
}
