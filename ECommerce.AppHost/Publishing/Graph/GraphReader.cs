using System.Globalization;
using ECommerce.AppHost.Resources.Aws;
using ECommerce.AppHost.Resources.DynamoDb;
using ECommerce.AppHost.Resources.Lambda;
using ECommerce.AppHost.Resources.Postgres;
using ECommerce.ServiceDefaults;

namespace ECommerce.AppHost.Publishing.Graph;

/// <summary>
/// Reads the application model in publish mode into a <see cref="PublishedGraph"/>: each workload's environment as
/// its environment callbacks write it (literals, secrets, other services' endpoints, deployment settings), who calls
/// whom, what each one may touch in AWS, and the catalogs of tables, queues and buckets. A value it cannot
/// place in a deployment fails the publish, naming the variable, rather than being dropped.
/// </summary>
public static class GraphReader
{
    public static async Task<PublishedGraph> ReadAsync(DistributedApplicationModel model, DistributedApplicationExecutionContext context,
        CancellationToken cancellationToken)
    {
        var resources = model.Resources.ToList();
        var projects = resources.OfType<ProjectResource>().OrderBy(p => p.Name, StringComparer.Ordinal).ToList();
        var tableCatalog = resources.OfType<DynamoDbLocalResource>().SingleOrDefault();
        var sqsS3Catalog = resources.OfType<FauxqsResource>().SingleOrDefault();
        var catalogs = resources.OfType<IAwsCatalog>().ToList();

        var services = new List<ServiceSpec>();
        foreach (var project in projects)
        {
            var environment = await EnvironmentOfAsync(project, context, cancellationToken);
            var callers = projects.Where(p => p != project && References(p, project)).Select(p => p.Name).ToList();
            var isPublic = project.Annotations.OfType<EndpointAnnotation>().Any(e => e.IsExternal);
            services.Add(new ServiceSpec(project.Name, isPublic, project.Annotations.OfType<GkeDeploymentAnnotation>().Any(), environment, callers, GrantsOf(project, catalogs),
                project.Annotations.OfType<OtlpExporterAnnotation>().Any()));
        }

        var functions = new List<FunctionSpec>();
        foreach (var function in resources.OfType<LambdaFunctionResource>().OrderBy(f => f.Name, StringComparer.Ordinal))
        {
            var environment = await EnvironmentOfAsync(function, context, cancellationToken);
            functions.Add(new FunctionSpec(function.Name, function.Timeout, function.MemorySizeMb, function.Concurrency,
                environment, function.EventSources.Select(e => e.Source).ToList(), GrantsOf(function, catalogs)));
        }

        var sparkJobs = projects
            .SelectMany(p => p.Annotations.OfType<SparkTwinAnnotation>().Select(spark => new SparkJobSpec($"{p.Name}-spark", spark.MainPythonFile,
                spark.PythonFiles, AnalyticsStreams.Default.InputTopic, AnalyticsStreams.Default.DeadLetterTopic, GrantsOf(p, catalogs))))
            .ToList();

        return new PublishedGraph(
            services,
            functions,
            sparkJobs,
            tableCatalog?.Tables.OrderBy(t => t.TableName, StringComparer.Ordinal).ToList() ?? [],
            tableCatalog?.TimeToLiveAttributes ?? [],
            sqsS3Catalog?.Queues.OrderBy(q => q.Name, StringComparer.Ordinal).ToList() ?? [],
            sqsS3Catalog?.Buckets.Order(StringComparer.Ordinal).Select(b => new BucketSpec(b, sqsS3Catalog.VersionedBuckets.Contains(b),
                sqsS3Catalog.Notifications.Where(n => n.Bucket == b).ToList())).ToList() ?? [],
            resources.OfType<PostgresDatabaseResource>().Select(d => d.Name).Order(StringComparer.Ordinal).ToList());
    }

    private static bool References(IResource from, IResource to) =>
        from.Annotations.OfType<ResourceRelationshipAnnotation>().Any(r => r.Resource == to && r.Type == "Reference");

    private static List<ResolvedGrant> GrantsOf(IResource resource, IReadOnlyList<IAwsCatalog> catalogs) =>
        resource.Annotations.OfType<AwsAccessAnnotation>()
            .SelectMany(a => a.Grants.Select(g =>
            {
                var kind = (a.Endpoint as IAwsCatalog)?.KindOf(g.Name) ?? throw new DistributedApplicationException(
                    $"{resource.Name} uses '{g.Name}' at {a.Endpoint.Name}, which has no catalog (an existing endpoint): publish from the model with its emulators, without ConnectionStrings__{a.Endpoint.Name}.");
                return new ResolvedGrant(kind, g.Name, g.Access);
            }))
            .OrderBy(g => g.Kind).ThenBy(g => g.Name, StringComparer.Ordinal)
            .ToList();

    private static async Task<List<EnvVar>> EnvironmentOfAsync(IResourceWithEnvironment resource, DistributedApplicationExecutionContext context,
        CancellationToken cancellationToken)
    {
        var values = new Dictionary<string, object>();
        var callbackContext = new EnvironmentCallbackContext(context, resource, values, cancellationToken);
        foreach (var callback in resource.Annotations.OfType<EnvironmentCallbackAnnotation>())
        {
            await callback.Callback(callbackContext);
        }
        var environment = new List<EnvVar>();
        foreach (var (name, value) in values.OrderBy(v => v.Key, StringComparer.Ordinal))
        {
            environment.Add(new EnvVar(name, await DeployedValueAsync(resource, name, value, cancellationToken)));
        }
        return environment;
    }

    private static async Task<EnvValue> DeployedValueAsync(IResource owner, string name, object value, CancellationToken cancellationToken) => value switch
    {
        string text => new Literal(text),
        DeploymentSetting setting => new SettingRef(setting.Key),
        ParameterResource { Secret: true } secret => new SecretRef(secret.Name, "value", $"parameter {secret.Name}"),
        ParameterResource parameter => new Literal(await parameter.GetValueAsync(cancellationToken) ?? ""),
        ConnectionStringReference connection => new SecretRef($"{connection.Resource.Name}-connection", "connection-string",
            $"connection string {connection.Resource.Name}"),
        _ => new Literal(Text(owner, name, value)),
    };

    /// <summary>Endpoints as the cluster names them: another service's by its Service DNS name, its own by its container port.</summary>
    private static string Text(IResource owner, string name, object value) => value switch
    {
        string text => text,
        EndpointReference endpoint when endpoint.Resource is ProjectResource && endpoint.Resource != owner =>
            $"http://{endpoint.Resource.Name}:{Ports.Service(endpoint.EndpointName)}",
        EndpointReferenceExpression { Property: EndpointProperty.TargetPort or EndpointProperty.Port } port when port.Endpoint.Resource == owner =>
            Ports.Container(port.Endpoint.EndpointName).ToString(CultureInfo.InvariantCulture),
        ReferenceExpression expression => string.Format(CultureInfo.InvariantCulture, expression.Format,
            expression.ValueProviders.Select(p => (object)Text(owner, name, p)).ToArray()),
        _ => throw new DistributedApplicationException(
            $"{owner.Name}: {name} is a {value.GetType().Name}, which has no deployed form: give it one in {nameof(GraphReader)}."),
    };
}
