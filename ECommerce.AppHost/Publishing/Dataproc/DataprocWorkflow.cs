using ECommerce.AppHost.Publishing.Graph;
using ECommerce.AppHost.Resources.Aws;

namespace ECommerce.AppHost.Publishing.Dataproc;

/// <summary>
/// <c>dataproc/</c>: per Spark job of the model a Dataproc workflow template (<c>gcloud dataproc workflow-templates
/// import</c>) that runs its PySpark file on the cluster Terraform creates, restarted on failure as a long-running
/// stream should be, and the job's files as they are in the checkout (Terraform uploads them). Kafka's and AWS's
/// credentials are template parameters, given at instantiation from Secret Manager (<c>dataproc/README.md</c>): the
/// template holds none.
/// </summary>
public static class DataprocWorkflow
{
    public const string Folder = "dataproc";

    /// <summary>Spark 3.5 on Dataproc 2.2: its Kafka source, from Maven Central at submission.</summary>
    public const string KafkaPackage = "org.apache.spark:spark-sql-kafka-0-10_2.12:3.5.1";

    /// <summary>The credentials the job is given at instantiation (Terraform creates a Secret Manager secret for each).</summary>
    public static readonly string[] SecretParameters = ["KAFKA_BOOTSTRAP_SERVERS", "KAFKA_API_KEY", "KAFKA_API_SECRET", "AWS_ACCESS_KEY_ID", "AWS_SECRET_ACCESS_KEY"];

    public static void Write(PublishedGraph graph, CloudTarget target, string repositoryRoot, PublishedFiles files)
    {
        foreach (var job in graph.SparkJobs)
        {
            foreach (var file in job.PythonFiles.Prepend(job.MainPythonFile))
            {
                files.Add($"{Folder}/jobs/{job.Name}/{Path.GetFileName(file)}", File.ReadAllText(Path.Combine(repositoryRoot, file)));
            }
            files.Add($"{Folder}/{job.Name}-workflow.yaml", YamlFiles.Serializer.Serialize(Template(job, target)));
        }
    }

    public static string ClusterName(CloudTarget target) => $"{target.Prefix}-spark";

    public static string JobsBucket(CloudTarget target) => $"{target.GcpProject}-{target.Prefix}-spark";

    private static Dictionary<string, object> Template(SparkJobSpec job, CloudTarget target)
    {
        var files = $"gs://{JobsBucket(target)}/jobs/{job.Name}";
        // The model's names for what the job reads and writes (its resource's topic, table and bucket).
        var environment = new SortedDictionary<string, string>(StringComparer.Ordinal)
        {
            ["ANALYTICS_CHECKPOINT"] = $"gs://{JobsBucket(target)}/checkpoints/{job.Name}",
            ["ANALYTICS_INPUT_TOPIC"] = job.InputTopic,
            ["ANALYTICS_DEAD_LETTER_TOPIC"] = job.DeadLetterTopic,
            ["ANALYTICS_TABLE"] = job.Grants.Single(g => g.Kind == AwsResourceKind.Table).Name,
            ["ANALYTICS_BUCKET"] = job.Grants.Single(g => g.Kind == AwsResourceKind.Bucket).Name,
            ["AWS_REGION"] = target.AwsRegion,
        };
        foreach (var name in SecretParameters)
        {
            environment[name] = name;
        }
        var properties = new SortedDictionary<string, object>(StringComparer.Ordinal)
        {
            // The driver runs in YARN (it gets the environment below and YARN restarts it), not on the master's shell.
            ["spark.submit.deployMode"] = "cluster",
            ["spark.jars.packages"] = KafkaPackage,
        };
        foreach (var (name, value) in environment)
        {
            properties[$"spark.yarn.appMasterEnv.{name}"] = value;
            properties[$"spark.executorEnv.{name}"] = value;
        }
        return new Dictionary<string, object>
        {
            ["id"] = job.Name,
            ["labels"] = new Dictionary<string, string> { ["app"] = CloudTarget.Project, ["environment"] = target.Environment },
            ["placement"] = new Dictionary<string, object>
            {
                ["clusterSelector"] = new Dictionary<string, object>
                {
                    ["clusterLabels"] = new Dictionary<string, string> { ["goog-dataproc-cluster-name"] = ClusterName(target) },
                },
            },
            ["jobs"] = new object[]
            {
                new Dictionary<string, object>
                {
                    ["stepId"] = job.Name,
                    ["pysparkJob"] = new Dictionary<string, object>
                    {
                        ["mainPythonFileUri"] = $"{files}/{Path.GetFileName(job.MainPythonFile)}",
                        ["pythonFileUris"] = job.PythonFiles.Select(f => $"{files}/{Path.GetFileName(f)}").ToList(),
                        ["properties"] = properties,
                    },
                    // A stream runs until stopped: Dataproc restarts its driver when it fails, a few times an hour.
                    ["scheduling"] = new Dictionary<string, object> { ["maxFailuresPerHour"] = 5, ["maxFailuresTotal"] = 50 },
                },
            },
            ["parameters"] = SecretParameters.Select(name => new Dictionary<string, object>
            {
                ["name"] = name,
                ["description"] = $"{name}, from Secret Manager at instantiation",
                ["fields"] = new[]
                {
                    $"jobs['{job.Name}'].pysparkJob.properties['spark.yarn.appMasterEnv.{name}']",
                    $"jobs['{job.Name}'].pysparkJob.properties['spark.executorEnv.{name}']",
                },
            }).ToList(),
        };
    }
}
