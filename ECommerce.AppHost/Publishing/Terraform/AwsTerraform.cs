using Amazon.DynamoDBv2;
using ECommerce.AppHost.Publishing.Graph;
using ECommerce.AppHost.Publishing.Iam;
using ECommerce.AppHost.Resources.Aws;

namespace ECommerce.AppHost.Publishing.Terraform;

/// <summary>
/// <c>terraform/aws</c>: the managed infrastructure on AWS, from the model's catalogs — PostgreSQL 15 on RDS
/// (Multi-AZ, private, 30 days of backups, its password kept by Secrets Manager), every DynamoDB table (keys, indexes,
/// TTL, point-in-time recovery), the buckets (encrypted, never public, versioned where the model says so, lifecycle),
/// the queues with their dead-letter redrive, one IAM role per service (trusting the EKS cluster's OIDC provider for
/// that service's ServiceAccount, and the GKE cluster's for what runs there) with its least-privilege policy, and an
/// ECR repository per service. The outputs are what the manifests and Secrets need.
/// </summary>
public static class AwsTerraform
{
    public const string Folder = "terraform/aws";

    public static void Write(PublishedGraph graph, CloudTarget target, PublishedFiles files)
    {
        files.Add($"{Folder}/main.tf", Providers());
        files.Add($"{Folder}/variables.tf", Variables(target));
        if (graph.Databases.Count > 0)
        {
            files.Add($"{Folder}/rds.tf", Rds(graph));
        }
        files.Add($"{Folder}/dynamodb.tf", DynamoDb(graph));
        files.Add($"{Folder}/s3.tf", S3(graph));
        files.Add($"{Folder}/sqs.tf", Sqs(graph));
        files.Add($"{Folder}/iam.tf", Iam(graph));
        files.Add($"{Folder}/ecr.tf", Ecr(graph));
        files.Add($"{Folder}/outputs.tf", Outputs(graph));
    }

    private static string Providers() => new Hcl()
        .Comment("Written by the AppHost's publish step from its model; publish again rather than editing.")
        .Block("terraform", t => t
            .Attribute("required_version", Hcl.Str(">= 1.6"))
            .Block("required_providers", p => p.Attribute("aws", Hcl.Map([("source", Hcl.Str("hashicorp/aws")), ("version", Hcl.Str("~> 5.70"))], p.Depth))))
        .Blank()
        .Block("provider", ["aws"], p => p
            .Attribute("region", "var.region")
            .Block("default_tags", d => d.Attribute("tags", Hcl.Map([("project", "var.project"), ("environment", "var.environment")], d.Depth))))
        .Blank()
        .Block("locals", l => l
            .Attribute("prefix", Hcl.Str("${var.project}-${var.environment}"))
            .Attribute("eks_oidc_host", "replace(var.eks_oidc_issuer_url, \"https://\", \"\")")
            .Attribute("gke_oidc_host", "replace(var.gke_oidc_issuer_url, \"https://\", \"\")"))
        .ToString();

    private static string Variables(CloudTarget target)
    {
        var hcl = new Hcl();
        Variable(hcl, "project", "string", Hcl.Str(CloudTarget.Project), "Prefix of every name this configuration gives.");
        Variable(hcl, "environment", "string", Hcl.Str(target.Environment), "The environment (prod, staging…).");
        Variable(hcl, "region", "string", Hcl.Str(target.AwsRegion), "AWS region.");
        Variable(hcl, "namespace", "string", Hcl.Str(target.Namespace), "The Kubernetes namespace the services run in (both clusters).");
        Variable(hcl, "vpc_id", "string", null, "The VPC of the EKS cluster; the database goes in it.");
        Variable(hcl, "private_subnet_ids", "list(string)", null, "Private subnets in at least two zones, for the database.");
        Variable(hcl, "database_client_security_group_ids", "list(string)", null, "Security groups allowed to reach PostgreSQL (the EKS nodes' or pods').");
        Variable(hcl, "db_instance_class", "string", Hcl.Str("db.t4g.medium"), "RDS instance class.");
        Variable(hcl, "db_allocated_storage_gb", "number", "50", "Initial storage (GB); it grows to db_max_allocated_storage_gb.");
        Variable(hcl, "db_max_allocated_storage_gb", "number", "500", "Storage autoscaling limit (GB).");
        Variable(hcl, "eks_oidc_issuer_url", "string", null, "The EKS cluster's OIDC issuer (aws eks describe-cluster … identity.oidc.issuer).");
        Variable(hcl, "eks_oidc_provider_arn", "string", null, "The IAM OIDC provider of the EKS cluster (eksctl utils associate-iam-oidc-provider).");
        Variable(hcl, "gke_oidc_issuer_url", "string", Hcl.Str(""), "The GKE cluster's issuer (https://container.googleapis.com/v1/projects/…/clusters/…); empty: nothing runs on GKE.");
        Variable(hcl, "ecr_keep_images", "number", "30", "Images each ECR repository keeps.");
        return hcl.ToString();
    }

    public static void Variable(Hcl hcl, string name, string type, string? defaultValue, string description) =>
        hcl.Block("variable", [name], v =>
        {
            v.Attribute("type", type).Attribute("description", Hcl.Str(description));
            if (defaultValue is not null)
            {
                v.Attribute("default", defaultValue);
            }
        }).Blank();

    private static string Rds(PublishedGraph graph)
    {
        var hcl = new Hcl();
        hcl.Resource("aws_db_subnet_group", "postgres", r => r
            .Attribute("name", Hcl.Str("${local.prefix}-postgres"))
            .Attribute("subnet_ids", "var.private_subnet_ids"));
        hcl.Resource("aws_security_group", "postgres", r => r
            .Attribute("name", Hcl.Str("${local.prefix}-postgres"))
            .Attribute("description", Hcl.Str("PostgreSQL, from the services only"))
            .Attribute("vpc_id", "var.vpc_id")
            .Block("ingress", i => i
                .Attribute("from_port", "5432").Attribute("to_port", "5432").Attribute("protocol", Hcl.Str("tcp"))
                .Attribute("security_groups", "var.database_client_security_group_ids")));
        foreach (var database in graph.Databases)
        {
            hcl.Resource("aws_db_instance", Hcl.Name(database), r => r
                .Attribute("identifier", Hcl.Str($"${{local.prefix}}-{database}"))
                .Attribute("engine", Hcl.Str("postgres"))
                .Attribute("engine_version", Hcl.Str("15"))
                .Attribute("instance_class", "var.db_instance_class")
                .Attribute("allocated_storage", "var.db_allocated_storage_gb")
                .Attribute("max_allocated_storage", "var.db_max_allocated_storage_gb")
                .Attribute("storage_type", Hcl.Str("gp3"))
                .Attribute("storage_encrypted", "true")
                .Attribute("db_name", Hcl.Str(database))
                .Attribute("username", Hcl.Str("ecommerce_admin"))
                .Comment("The password lives in Secrets Manager (rotated there), never in this state.")
                .Attribute("manage_master_user_password", "true")
                .Attribute("multi_az", "true")
                .Attribute("publicly_accessible", "false")
                .Attribute("db_subnet_group_name", "aws_db_subnet_group.postgres.name")
                .Attribute("vpc_security_group_ids", "[aws_security_group.postgres.id]")
                .Attribute("backup_retention_period", "30")
                .Attribute("copy_tags_to_snapshot", "true")
                .Attribute("deletion_protection", "true")
                .Attribute("skip_final_snapshot", "false")
                .Attribute("final_snapshot_identifier", Hcl.Str($"${{local.prefix}}-{database}-final"))
                .Attribute("performance_insights_enabled", "true")
                .Attribute("auto_minor_version_upgrade", "true"));
        }
        return hcl.ToString();
    }

    private static string DynamoDb(PublishedGraph graph)
    {
        var hcl = new Hcl();
        foreach (var table in graph.Tables)
        {
            hcl.Resource("aws_dynamodb_table", Hcl.Name(table.TableName), r =>
            {
                r.Attribute("name", Hcl.Str(table.TableName))
                    .Attribute("billing_mode", Hcl.Str("PAY_PER_REQUEST"))
                    .Attribute("hash_key", Hcl.Str(table.KeySchema.Single(k => k.KeyType == KeyType.HASH).AttributeName));
                if (table.KeySchema.SingleOrDefault(k => k.KeyType == KeyType.RANGE) is { } range)
                {
                    r.Attribute("range_key", Hcl.Str(range.AttributeName));
                }
                r.Attribute("deletion_protection_enabled", "true");
                foreach (var attribute in table.AttributeDefinitions.OrderBy(a => a.AttributeName, StringComparer.Ordinal))
                {
                    r.Block("attribute", a => a.Attribute("name", Hcl.Str(attribute.AttributeName)).Attribute("type", Hcl.Str(attribute.AttributeType.Value)));
                }
                foreach (var index in table.GlobalSecondaryIndexes ?? [])
                {
                    r.Block("global_secondary_index", i =>
                    {
                        i.Attribute("name", Hcl.Str(index.IndexName))
                            .Attribute("hash_key", Hcl.Str(index.KeySchema.Single(k => k.KeyType == KeyType.HASH).AttributeName));
                        if (index.KeySchema.SingleOrDefault(k => k.KeyType == KeyType.RANGE) is { } indexRange)
                        {
                            i.Attribute("range_key", Hcl.Str(indexRange.AttributeName));
                        }
                        i.Attribute("projection_type", Hcl.Str(index.Projection.ProjectionType.Value));
                    });
                }
                if (graph.TimeToLive.TryGetValue(table.TableName, out var ttl))
                {
                    r.Block("ttl", t => t.Attribute("attribute_name", Hcl.Str(ttl)).Attribute("enabled", "true"));
                }
                r.Block("point_in_time_recovery", p => p.Attribute("enabled", "true"))
                    .Block("server_side_encryption", s => s.Attribute("enabled", "true"));
            });
        }
        return hcl.ToString();
    }

    private static string S3(PublishedGraph graph)
    {
        var hcl = new Hcl();
        foreach (var bucket in graph.Buckets)
        {
            var name = Hcl.Name(bucket.Name);
            hcl.Resource("aws_s3_bucket", name, r => r.Attribute("bucket", Hcl.Str(bucket.Name)));
            hcl.Resource("aws_s3_bucket_public_access_block", name, r => r
                .Attribute("bucket", $"aws_s3_bucket.{name}.id")
                .Attribute("block_public_acls", "true").Attribute("block_public_policy", "true")
                .Attribute("ignore_public_acls", "true").Attribute("restrict_public_buckets", "true"));
            hcl.Resource("aws_s3_bucket_ownership_controls", name, r => r
                .Attribute("bucket", $"aws_s3_bucket.{name}.id")
                .Block("rule", o => o.Attribute("object_ownership", Hcl.Str("BucketOwnerEnforced"))));
            hcl.Resource("aws_s3_bucket_server_side_encryption_configuration", name, r => r
                .Attribute("bucket", $"aws_s3_bucket.{name}.id")
                .Block("rule", o => o
                    .Attribute("bucket_key_enabled", "true")
                    .Block("apply_server_side_encryption_by_default", e => e.Attribute("sse_algorithm", Hcl.Str("aws:kms")))));
            hcl.Resource("aws_s3_bucket_versioning", name, r => r
                .Attribute("bucket", $"aws_s3_bucket.{name}.id")
                .Block("versioning_configuration", v => v.Attribute("status", Hcl.Str(bucket.Versioned ? "Enabled" : "Suspended"))));
            hcl.Resource("aws_s3_bucket_lifecycle_configuration", name, r =>
            {
                r.Attribute("bucket", $"aws_s3_bucket.{name}.id")
                    .Block("rule", o => o
                        .Attribute("id", Hcl.Str("abort-incomplete-uploads"))
                        .Attribute("status", Hcl.Str("Enabled"))
                        .Block("filter", _ => { })
                        .Block("abort_incomplete_multipart_upload", a => a.Attribute("days_after_initiation", "7")));
                if (bucket.Versioned)
                {
                    r.Block("rule", o => o
                        .Attribute("id", Hcl.Str("expire-old-versions"))
                        .Attribute("status", Hcl.Str("Enabled"))
                        .Block("filter", _ => { })
                        .Block("noncurrent_version_expiration", n => n.Attribute("noncurrent_days", "90")));
                }
                r.Block("rule", o => o
                    .Attribute("id", Hcl.Str("infrequent-access-after-90-days"))
                    .Attribute("status", Hcl.Str("Enabled"))
                    .Block("filter", _ => { })
                    .Block("transition", t => t.Attribute("days", "90").Attribute("storage_class", Hcl.Str("STANDARD_IA"))));
            });
            if (bucket.Notifications.Count > 0)
            {
                Notifications(hcl, bucket);
            }
        }
        return hcl.ToString();
    }

    /// <summary>
    /// The bucket's object-created events to its queues, and on each queue the policy that lets S3 (for this bucket of
    /// this account only) send them: S3 checks it can deliver when the configuration is applied.
    /// </summary>
    private static void Notifications(Hcl hcl, BucketSpec bucket)
    {
        var name = Hcl.Name(bucket.Name);
        hcl.Block("data", ["aws_caller_identity", name], _ => { }).Blank();
        foreach (var notification in bucket.Notifications)
        {
            var queue = Hcl.Name(notification.Queue);
            hcl.Block("data", ["aws_iam_policy_document", $"{queue}_from_s3"], d => d
                .Block("statement", s => s
                    .Attribute("sid", Hcl.Str("S3SendsObjectEvents"))
                    .Attribute("effect", Hcl.Str("Allow"))
                    .Attribute("actions", Hcl.List([Hcl.Str("sqs:SendMessage")]))
                    .Attribute("resources", Hcl.List([$"aws_sqs_queue.{queue}.arn"]))
                    .Block("principals", p => p.Attribute("type", Hcl.Str("Service")).Attribute("identifiers", Hcl.List([Hcl.Str("s3.amazonaws.com")])))
                    .Block("condition", c => c.Attribute("test", Hcl.Str("ArnEquals")).Attribute("variable", Hcl.Str("aws:SourceArn"))
                        .Attribute("values", Hcl.List([$"aws_s3_bucket.{name}.arn"])))
                    .Block("condition", c => c.Attribute("test", Hcl.Str("StringEquals")).Attribute("variable", Hcl.Str("aws:SourceAccount"))
                        .Attribute("values", Hcl.List([$"data.aws_caller_identity.{name}.account_id"]))))).Blank();
            hcl.Resource("aws_sqs_queue_policy", queue, r => r
                .Attribute("queue_url", $"aws_sqs_queue.{queue}.id")
                .Attribute("policy", $"data.aws_iam_policy_document.{queue}_from_s3.json"));
        }
        hcl.Resource("aws_s3_bucket_notification", name, r =>
        {
            r.Attribute("bucket", $"aws_s3_bucket.{name}.id");
            foreach (var notification in bucket.Notifications)
            {
                r.Block("queue", q =>
                {
                    q.Attribute("id", Hcl.Str(notification.Id))
                        .Attribute("queue_arn", $"aws_sqs_queue.{Hcl.Name(notification.Queue)}.arn")
                        .Attribute("events", Hcl.List([Hcl.Str("s3:ObjectCreated:*")]));
                    if (notification.Prefix.Length > 0)
                    {
                        q.Attribute("filter_prefix", Hcl.Str(notification.Prefix));
                    }
                    if (notification.Suffix.Length > 0)
                    {
                        q.Attribute("filter_suffix", Hcl.Str(notification.Suffix));
                    }
                });
            }
            r.Attribute("depends_on", Hcl.List(bucket.Notifications.Select(n => $"aws_sqs_queue_policy.{Hcl.Name(n.Queue)}")));
        });
    }

    private static string Sqs(PublishedGraph graph)
    {
        var hcl = new Hcl();
        foreach (var queue in graph.Queues)
        {
            hcl.Resource("aws_sqs_queue", Hcl.Name(queue.Name), r =>
            {
                r.Attribute("name", Hcl.Str(queue.Name)).Attribute("sqs_managed_sse_enabled", "true");
                if (queue.VisibilityTimeout is { } visibility)
                {
                    r.Attribute("visibility_timeout_seconds", Hcl.Number((long)visibility.TotalSeconds));
                }
                if (queue.Retention is { } retention)
                {
                    r.Attribute("message_retention_seconds", Hcl.Number((long)retention.TotalSeconds));
                }
                if (queue.DeadLetterQueue is { } deadLetter)
                {
                    r.Attribute("redrive_policy", "jsonencode(" + Hcl.Map([("deadLetterTargetArn", $"aws_sqs_queue.{Hcl.Name(deadLetter)}.arn"),
                        ("maxReceiveCount", Hcl.Number(queue.MaxReceiveCount))], r.Depth) + ")");
                }
            });
        }
        return hcl.ToString();
    }

    private static string Iam(PublishedGraph graph)
    {
        var hcl = new Hcl();
        foreach (var service in graph.Services.Where(s => s.UsesAws))
        {
            var name = Hcl.Name(service.Name);
            hcl.Block("data", ["aws_iam_policy_document", $"{name}_trust"], d => d
                .Block("statement", s => WebIdentity(s, "var.eks_oidc_provider_arn", "local.eks_oidc_host", service.Name)))
                .Blank();
            Role(hcl, name, Hcl.Str($"${{local.prefix}}-{service.Name}"), $"data.aws_iam_policy_document.{name}_trust.json", service.Grants);
            if (service.AlsoOnGke)
            {
                hcl.Comment($"{service.Name} on GKE: its Kubernetes token, issued by the GKE cluster, exchanged for the same permissions.");
                hcl.Resource("aws_iam_openid_connect_provider", $"gke_{name}", r => r
                    .Attribute("count", "var.gke_oidc_issuer_url == \"\" ? 0 : 1")
                    .Attribute("url", "var.gke_oidc_issuer_url")
                    .Attribute("client_id_list", Hcl.List([Hcl.Str("sts.amazonaws.com")])));
                hcl.Block("data", ["aws_iam_policy_document", $"{name}_gke_trust"], d => d
                    .Attribute("count", "var.gke_oidc_issuer_url == \"\" ? 0 : 1")
                    .Block("statement", s => WebIdentity(s, $"aws_iam_openid_connect_provider.gke_{name}[0].arn", "local.gke_oidc_host", service.Name)))
                    .Blank();
                Role(hcl, $"{name}_gke", Hcl.Str($"${{local.prefix}}-{service.Name}-gke"), $"data.aws_iam_policy_document.{name}_gke_trust[0].json",
                    service.Grants, count: "var.gke_oidc_issuer_url == \"\" ? 0 : 1");
            }
        }
        foreach (var job in graph.SparkJobs)
        {
            var name = Hcl.Name(job.Name);
            hcl.Comment($"{job.Name} on Dataproc: a user without keys; create one (aws iam create-access-key) into GCP's Secret Manager.");
            hcl.Resource("aws_iam_user", name, r => r.Attribute("name", Hcl.Str($"${{local.prefix}}-{job.Name}")));
            hcl.Resource("aws_iam_user_policy", name, r => r
                .Attribute("name", Hcl.Str("least-privilege"))
                .Attribute("user", $"aws_iam_user.{name}.name")
                .Attribute("policy", $"data.aws_iam_policy_document.{name}.json"));
            Permissions(hcl, name, job.Grants);
        }
        return hcl.ToString();
    }

    private static void WebIdentity(Hcl statement, string provider, string host, string serviceAccount) => statement
        .Attribute("actions", Hcl.List([Hcl.Str("sts:AssumeRoleWithWebIdentity")]))
        .Block("principals", p => p.Attribute("type", Hcl.Str("Federated")).Attribute("identifiers", $"[{provider}]"))
        .Block("condition", c => c.Attribute("test", Hcl.Str("StringEquals")).Attribute("variable", $"\"${{{host}}}:sub\"")
            .Attribute("values", Hcl.List([$"\"system:serviceaccount:${{var.namespace}}:{serviceAccount}\""])))
        .Block("condition", c => c.Attribute("test", Hcl.Str("StringEquals")).Attribute("variable", $"\"${{{host}}}:aud\"")
            .Attribute("values", Hcl.List([Hcl.Str("sts.amazonaws.com")])));

    private static void Role(Hcl hcl, string name, string roleName, string trust, IReadOnlyList<ResolvedGrant> grants, string? count = null)
    {
        hcl.Resource("aws_iam_role", name, r =>
        {
            if (count is not null)
            {
                r.Attribute("count", count);
            }
            r.Attribute("name", roleName).Attribute("assume_role_policy", trust);
        });
        hcl.Resource("aws_iam_role_policy", name, r =>
        {
            if (count is not null)
            {
                r.Attribute("count", count);
            }
            r.Attribute("name", Hcl.Str("least-privilege"))
                .Attribute("role", count is null ? $"aws_iam_role.{name}.id" : $"aws_iam_role.{name}[0].id")
                .Attribute("policy", $"data.aws_iam_policy_document.{name}.json");
        });
        Permissions(hcl, name, grants);
    }

    private static void Permissions(Hcl hcl, string name, IReadOnlyList<ResolvedGrant> grants) =>
        hcl.Block("data", ["aws_iam_policy_document", name], d =>
        {
            foreach (var statement in LeastPrivilege.For(grants))
            {
                d.Block("statement", s => s
                    .Attribute("sid", Hcl.Str(statement.Sid))
                    .Attribute("actions", Hcl.List(statement.Actions.Select(Hcl.Str)))
                    .Attribute("resources", Hcl.List(Arns(statement))));
            }
        }).Blank();

    private static IEnumerable<string> Arns(PolicyStatement statement)
    {
        var type = statement.Grant.Kind switch
        {
            AwsResourceKind.Table => "aws_dynamodb_table",
            AwsResourceKind.Queue => "aws_sqs_queue",
            _ => "aws_s3_bucket",
        };
        var arn = $"{type}.{Hcl.Name(statement.Grant.Name)}.arn";
        return statement.Suffixes.Select(suffix => suffix == "" ? arn : $"\"${{{arn}}}{suffix}\"");
    }

    private static string Ecr(PublishedGraph graph)
    {
        var hcl = new Hcl();
        foreach (var service in graph.Services)
        {
            var name = Hcl.Name(service.Name);
            hcl.Resource("aws_ecr_repository", name, r => r
                .Attribute("name", Hcl.Str($"{CloudTarget.Project}/{service.Name}"))
                .Attribute("image_tag_mutability", Hcl.Str("IMMUTABLE"))
                .Block("image_scanning_configuration", s => s.Attribute("scan_on_push", "true"))
                .Block("encryption_configuration", e => e.Attribute("encryption_type", Hcl.Str("KMS"))));
            hcl.Resource("aws_ecr_lifecycle_policy", name, r => r
                .Attribute("repository", $"aws_ecr_repository.{name}.name")
                .Attribute("policy", "jsonencode({ rules = [{ rulePriority = 1, description = \"keep the newest images\", selection = { tagStatus = \"any\", countType = \"imageCountMoreThan\", countNumber = var.ecr_keep_images }, action = { type = \"expire\" } }] })"));
        }
        return hcl.ToString();
    }

    private static string Outputs(PublishedGraph graph)
    {
        var hcl = new Hcl();
        Output(hcl, "service_role_arns", "The IAM role of each service (the EKS overlay's ServiceAccount annotations).",
            Hcl.Map(graph.Services.Where(s => s.UsesAws).Select(s => (s.Name, $"aws_iam_role.{Hcl.Name(s.Name)}.arn")), 1));
        Output(hcl, "ecr_repository_urls", "Where each service's image is pushed (the EKS overlay's images).",
            Hcl.Map(graph.Services.Select(s => (s.Name, $"aws_ecr_repository.{Hcl.Name(s.Name)}.repository_url")), 1));
        foreach (var database in graph.Databases)
        {
            Output(hcl, $"{Hcl.Name(database)}_endpoint", $"Host and port of database {database} (its connection string Secret).",
                $"aws_db_instance.{Hcl.Name(database)}.endpoint");
            Output(hcl, $"{Hcl.Name(database)}_master_secret_arn", "The Secrets Manager secret with the master user's password.",
                $"aws_db_instance.{Hcl.Name(database)}.master_user_secret[0].secret_arn");
        }
        Output(hcl, "queue_urls", "The queues.", Hcl.Map(graph.Queues.Select(q => (q.Name, $"aws_sqs_queue.{Hcl.Name(q.Name)}.url")), 1));
        Output(hcl, "region", "The region (the overlays' AWS_REGION).", "var.region");
        return hcl.ToString();
    }

    public static void Output(Hcl hcl, string name, string description, string value) =>
        hcl.Block("output", [name], o => o.Attribute("description", Hcl.Str(description)).Attribute("value", value)).Blank();
}
