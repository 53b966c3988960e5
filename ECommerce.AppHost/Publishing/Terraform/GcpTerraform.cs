using ECommerce.AppHost.Publishing.Dataproc;
using ECommerce.AppHost.Publishing.Graph;

namespace ECommerce.AppHost.Publishing.Terraform;

/// <summary>
/// <c>terraform/gcp</c>: what the Spark jobs need on GCP — a private bucket for their files and checkpoints (the
/// job files uploaded from <c>dataproc/jobs</c>), a Dataproc cluster with its own service account and internal IPs
/// only, and the Secret Manager secrets the workflow's parameters are given from (their values are added by the
/// operator, never by Terraform).
/// </summary>
public static class GcpTerraform
{
    public const string Folder = "terraform/gcp";

    public static void Write(PublishedGraph graph, CloudTarget target, PublishedFiles files)
    {
        if (graph.SparkJobs.Count == 0)
        {
            return;
        }
        files.Add($"{Folder}/main.tf", new Hcl()
            .Comment("Written by the AppHost's publish step from its model; publish again rather than editing.")
            .Block("terraform", t => t
                .Attribute("required_version", Hcl.Str(">= 1.6"))
                .Block("required_providers", p => p.Attribute("google", Hcl.Map([("source", Hcl.Str("hashicorp/google")), ("version", Hcl.Str("~> 6.0"))], p.Depth))))
            .Blank()
            .Block("provider", ["google"], p => p.Attribute("project", "var.gcp_project").Attribute("region", "var.region"))
            .Blank()
            .Block("locals", l => l
                .Attribute("prefix", Hcl.Str("${var.project}-${var.environment}"))
                .Attribute("labels", Hcl.Map([("app", "var.project"), ("environment", "var.environment")], l.Depth)))
            .ToString());

        var variables = new Hcl();
        AwsTerraform.Variable(variables, "project", "string", Hcl.Str(CloudTarget.Project), "Prefix of every name this configuration gives.");
        AwsTerraform.Variable(variables, "environment", "string", Hcl.Str(target.Environment), "The environment (prod, staging…).");
        AwsTerraform.Variable(variables, "gcp_project", "string", Hcl.Str(target.GcpProject), "The GCP project.");
        AwsTerraform.Variable(variables, "region", "string", Hcl.Str(target.GcpRegion), "GCP region.");
        AwsTerraform.Variable(variables, "subnetwork", "string", Hcl.Str("default"), "The subnetwork of the cluster (Private Google Access on: its VMs have no public address).");
        AwsTerraform.Variable(variables, "master_machine_type", "string", Hcl.Str("n2-standard-4"), "The cluster's master.");
        AwsTerraform.Variable(variables, "worker_machine_type", "string", Hcl.Str("n2-standard-4"), "The cluster's workers.");
        AwsTerraform.Variable(variables, "worker_count", "number", "2", "Workers (two at least: a stream's executors survive one).");
        files.Add($"{Folder}/variables.tf", variables.ToString());

        var hcl = new Hcl();
        hcl.Resource("google_storage_bucket", "spark", r => r
            .Attribute("name", Hcl.Str("${var.gcp_project}-${local.prefix}-spark"))
            .Attribute("location", "var.region")
            .Attribute("uniform_bucket_level_access", "true")
            .Attribute("public_access_prevention", Hcl.Str("enforced"))
            .Attribute("labels", "local.labels")
            .Block("versioning", v => v.Attribute("enabled", "true")));
        foreach (var job in graph.SparkJobs)
        {
            foreach (var file in job.PythonFiles.Prepend(job.MainPythonFile).Select(Path.GetFileName))
            {
                hcl.Resource("google_storage_bucket_object", Hcl.Name($"{job.Name}_{Path.GetFileNameWithoutExtension(file)}"), r => r
                    .Attribute("bucket", "google_storage_bucket.spark.name")
                    .Attribute("name", Hcl.Str($"jobs/{job.Name}/{file}"))
                    .Attribute("source", Hcl.Str($"${{path.module}}/../../{DataprocWorkflow.Folder}/jobs/{job.Name}/{file}")));
            }
        }
        hcl.Resource("google_service_account", "spark", r => r
            .Attribute("account_id", Hcl.Str("${local.prefix}-spark"))
            .Attribute("display_name", Hcl.Str("The Dataproc cluster of the Spark jobs")));
        hcl.Resource("google_project_iam_member", "spark_worker", r => r
            .Attribute("project", "var.gcp_project")
            .Attribute("role", Hcl.Str("roles/dataproc.worker"))
            .Attribute("member", Hcl.Str("serviceAccount:${google_service_account.spark.email}")));
        hcl.Resource("google_storage_bucket_iam_member", "spark_objects", r => r
            .Attribute("bucket", "google_storage_bucket.spark.name")
            .Attribute("role", Hcl.Str("roles/storage.objectAdmin"))
            .Attribute("member", Hcl.Str("serviceAccount:${google_service_account.spark.email}")));
        hcl.Resource("google_dataproc_cluster", "spark", r => r
            .Attribute("name", Hcl.Str($"${{local.prefix}}-spark"))
            .Attribute("region", "var.region")
            .Attribute("labels", "local.labels")
            .Block("cluster_config", c => c
                .Attribute("staging_bucket", "google_storage_bucket.spark.name")
                .Block("master_config", m => m.Attribute("num_instances", "1").Attribute("machine_type", "var.master_machine_type"))
                .Block("worker_config", w => w.Attribute("num_instances", "var.worker_count").Attribute("machine_type", "var.worker_machine_type"))
                .Block("software_config", s => s
                    .Attribute("image_version", Hcl.Str("2.2-debian12"))
                    .Attribute("override_properties", Hcl.Map([("dataproc:pip.packages", Hcl.Str("boto3==1.35.99"))], s.Depth)))
                .Block("gce_cluster_config", g => g
                    .Attribute("subnetwork", "var.subnetwork")
                    .Attribute("internal_ip_only", "true")
                    .Attribute("service_account", "google_service_account.spark.email")
                    .Attribute("service_account_scopes", Hcl.List([Hcl.Str("cloud-platform")])))));
        foreach (var secret in DataprocWorkflow.SecretParameters)
        {
            hcl.Resource("google_secret_manager_secret", Hcl.Name(secret.ToLowerInvariant()), r => r
                .Attribute("secret_id", Hcl.Str($"${{local.prefix}}-{secret.ToLowerInvariant().Replace('_', '-')}"))
                .Attribute("labels", "local.labels")
                .Block("replication", rep => rep.Block("auto", _ => { })));
        }
        files.Add($"{Folder}/dataproc.tf", hcl.ToString());

        var outputs = new Hcl();
        AwsTerraform.Output(outputs, "spark_bucket", "Files and checkpoints of the Spark jobs.", "google_storage_bucket.spark.name");
        AwsTerraform.Output(outputs, "dataproc_cluster", "The cluster the workflow templates select.", "google_dataproc_cluster.spark.name");
        files.Add($"{Folder}/outputs.tf", outputs.ToString());
    }
}
