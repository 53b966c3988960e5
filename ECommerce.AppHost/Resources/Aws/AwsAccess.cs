namespace ECommerce.AppHost.Resources.Aws;

public enum AwsResourceKind { Table, Queue, Bucket }

/// <summary>Read: get and query a table, receive from a queue, get objects. Write: that and put, update and delete, or send.</summary>
public enum AwsAccessLevel { Read, Write }

/// <summary>One table, queue or bucket a resource uses, and how: what its least-privilege policy grants when deployed.</summary>
public sealed record AwsGrant(string Name, AwsAccessLevel Access);

/// <summary>The tables, queues and buckets a resource uses at one AWS endpoint (<see cref="AwsEndpointExtensions.WithAwsReference{T}"/>).</summary>
public sealed record AwsAccessAnnotation(IAwsEndpointResource Endpoint, IReadOnlyList<AwsGrant> Grants) : IResourceAnnotation;

/// <summary>
/// What an AWS endpoint the AppHost provisions holds: a grant names one of these (a misspelt name fails at once), and
/// publishing describes them for the cloud. An existing endpoint has no catalog.
/// </summary>
public interface IAwsCatalog
{
    AwsResourceKind? KindOf(string name);
}
