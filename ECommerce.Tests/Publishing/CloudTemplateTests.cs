namespace ECommerce.Tests.Publishing;

/// <summary>
/// The SAM template against the SAM and CloudFormation specifications (cfn-lint, which runs SAM's own transform),
/// the Dataproc workflow against Dataproc's API message types (the Google Cloud CLI's), and Terraform parsed by
/// hcl2json with every reference resolved. Each validator is also shown refusing a broken file.
/// </summary>
public sealed class CloudTemplateTests(PublishFixture published) : IClassFixture<PublishFixture>
{
    private static string Validator(string file) => Path.Combine(Harness.GraphFixture.RepositoryRoot, "eng/validate", file);

    [Fact]
    public async Task TheSamTemplateIsValid()
    {
        var result = await CfnLintAsync(published.PathOf("sam/template.yaml"));
        Assert.True(result.ExitCode == 0, result.ToString());
    }

    [Fact]
    public async Task ASamEventPropertyLambdaDoesNotKnowIsRefused()
    {
        var broken = Path.Combine(Path.GetTempPath(), $"broken-sam-{Guid.NewGuid():N}.yaml");
        await File.WriteAllTextAsync(broken, (await File.ReadAllTextAsync(published.PathOf("sam/template.yaml")))
            .Replace("            BatchSize: 10", "            BatchSize: 10\n            MaximumBatchSize: 10"));
        var result = await CfnLintAsync(broken);
        File.Delete(broken);
        Assert.NotEqual(0, result.ExitCode);
        Assert.Contains("MaximumBatchSize", result.Output + result.Error);
    }

    [Fact]
    public async Task TheDataprocWorkflowIsAWorkflowTemplate()
    {
        var result = await DataprocCheckAsync(published.PathOf("dataproc/analytics-spark-workflow.yaml"));
        Assert.True(result.ExitCode == 0, result.ToString());
    }

    [Fact]
    public async Task ADataprocFieldTheApiDoesNotKnowIsRefused()
    {
        var broken = Path.Combine(Path.GetTempPath(), $"broken-dataproc-{Guid.NewGuid():N}.yaml");
        await File.WriteAllTextAsync(broken, (await File.ReadAllTextAsync(published.PathOf("dataproc/analytics-spark-workflow.yaml")))
            .Replace("maxFailuresPerHour", "maxRestartsPerHour"));
        var result = await DataprocCheckAsync(broken);
        File.Delete(broken);
        Assert.NotEqual(0, result.ExitCode);
        Assert.Contains("unknown field jobs[0].scheduling.maxRestartsPerHour", result.Output);
    }

    [Theory]
    [InlineData("terraform/aws")]
    [InlineData("terraform/gcp")]
    public async Task TerraformParsesAndEveryReferenceResolves(string folder)
    {
        var result = await TerraformCheckAsync(published.PathOf(folder));
        Assert.True(result.ExitCode == 0, result.ToString());
    }

    [Theory]
    [InlineData("terraform/aws")]
    [InlineData("terraform/gcp")]
    public async Task TerraformIsFormattedAsTerraformFmtWouldWriteIt(string folder)
    {
        var result = await ToolRun.RunAsync(ToolRun.Require("terraform", "install Terraform 1.6 or later"), ["fmt", "-check", "-diff", "-no-color"],
            published.PathOf(folder));
        Assert.True(result.ExitCode == 0, result.ToString());
    }

    [Fact]
    public async Task ATerraformReferenceToNothingIsRefused()
    {
        var broken = published.CopyOf("terraform/aws");
        var iam = Path.Combine(broken, "iam.tf");
        await File.WriteAllTextAsync(iam, (await File.ReadAllTextAsync(iam)).Replace("aws_sqs_queue.order_events.arn", "aws_sqs_queue.order_event.arn"));
        var result = await TerraformCheckAsync(broken);
        Directory.Delete(broken, recursive: true);
        Assert.NotEqual(0, result.ExitCode);
        Assert.Contains("refers to aws_sqs_queue.order_event, which is not declared", result.Output);
    }

    [Fact]
    public async Task UnparsableTerraformIsRefused()
    {
        var broken = published.CopyOf("terraform/gcp");
        await File.AppendAllTextAsync(Path.Combine(broken, "outputs.tf"), "output \"half\" {\n  value = \n");
        var result = await TerraformCheckAsync(broken);
        Directory.Delete(broken, recursive: true);
        Assert.NotEqual(0, result.ExitCode);
        Assert.Contains("does not parse", result.Output);
    }

    private static Task<ToolRun.Result> CfnLintAsync(string template) =>
        ToolRun.RunAsync(ToolRun.Require("cfn-lint", "pip install cfn-lint==1.51.0 (it brings SAM's translator)"), ["--", template]);

    private static Task<ToolRun.Result> DataprocCheckAsync(string file) =>
        ToolRun.RunAsync(ToolRun.Require("python3", "apt-get install -y python3"), [Validator("dataproc-template.py"), file]);

    private static Task<ToolRun.Result> TerraformCheckAsync(string folder) =>
        ToolRun.RunAsync(ToolRun.Require("node", "apt-get install -y nodejs"), [Validator("terraform-references.mjs"), folder]);
}
