namespace ECommerce.AppHost.Publishing;

/// <summary>The service is published for the GKE cluster too (kubernetes/overlays/gke).</summary>
public sealed record GkeDeploymentAnnotation : IResourceAnnotation;

public static class GkeDeploymentExtensions
{
    public static IResourceBuilder<ProjectResource> PublishAlsoToGke(this IResourceBuilder<ProjectResource> project) =>
        project.WithAnnotation(new GkeDeploymentAnnotation());
}
