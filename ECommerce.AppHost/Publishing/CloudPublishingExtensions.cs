using Aspire.Hosting.Pipelines;
using ECommerce.AppHost.Resources;
using ECommerce.AppHost.Publishing.Dataproc;
using ECommerce.AppHost.Publishing.Graph;
using ECommerce.AppHost.Publishing.Kubernetes;
using ECommerce.AppHost.Publishing.Sam;
using ECommerce.AppHost.Publishing.Terraform;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace ECommerce.AppHost.Publishing;

#pragma warning disable ASPIREPIPELINES001, ASPIREPIPELINES004 // Aspire 13's pipeline API is marked for evaluation.

public static class CloudPublishingExtensions
{
    public const string StepName = "publish-clouds";

    /// <summary>
    /// <c>aspire publish -o DIR</c> (or <c>./publish.sh DIR</c>) writes the graph for the clouds: Kubernetes for EKS and
    /// GKE, a SAM template for the functions, a Dataproc workflow for the Spark job and Terraform for the managed
    /// infrastructure, all read from this model. A pipeline step the well-known <c>publish</c> step requires.
    /// </summary>
    public static IDistributedApplicationBuilder AddCloudPublishing(this IDistributedApplicationBuilder builder)
    {
        builder.Pipeline.AddStep(new PipelineStep
        {
            Name = StepName,
            Description = "Writes Kubernetes, SAM, Dataproc and Terraform files for the graph",
            Action = context => PublishAsync(context, CloudTarget.From(builder.Configuration), builder.RepositoryRoot()),
            RequiredBySteps = [WellKnownPipelineSteps.Publish],
        });
        return builder;
    }

    private static async Task PublishAsync(PipelineStepContext context, CloudTarget target, string repositoryRoot)
    {
        var output = context.Services.GetRequiredService<IPipelineOutputService>().GetOutputDirectory();
        var files = await WriteFilesAsync(context.Model, context.ExecutionContext, target, repositoryRoot, context.CancellationToken);
        await files.WriteAsync(output, context.CancellationToken);
        context.Logger.LogInformation("Wrote {Count} files for {Environment} to {Output}", files.Files.Count, target.Environment, output);
    }

    /// <summary>Every file of a publish, from the model (the tests call this on models they change).</summary>
    public static async Task<PublishedFiles> WriteFilesAsync(DistributedApplicationModel model, DistributedApplicationExecutionContext executionContext,
        CloudTarget target, string repositoryRoot, CancellationToken cancellationToken)
    {
        var graph = await GraphReader.ReadAsync(model, executionContext, cancellationToken);
        var files = new PublishedFiles();
        KubernetesLayout.Write(graph, target, files);
        SamTemplate.Write(graph, files);
        DataprocWorkflow.Write(graph, target, repositoryRoot, files);
        AwsTerraform.Write(graph, target, files);
        GcpTerraform.Write(graph, target, files);
        return files;
    }
}
