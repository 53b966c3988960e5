using Amazon.DynamoDBv2.Model;
using ECommerce.AppHost.Publishing.Graph;
using ECommerce.AppHost.Publishing.Iam;
using ECommerce.AppHost.Resources.Aws;

namespace ECommerce.AppHost.Publishing.Sam;

/// <summary>
/// <c>sam/template.yaml</c>: every Lambda function of the model as an <c>AWS::Serverless::Function</c> on
/// <c>provided.al2023</c> from the zip its project builds, with its SQS event sources (batch size, batching window,
/// maximum concurrency, partial batch responses), a least-privilege policy from its grants and a log group with a
/// retention. The queues and tables the functions use are in the template too, created only when
/// <c>DataOwner=sam</c> (a stand-alone stack); by default Terraform owns them and the template refers to them by name.
/// </summary>
public static class SamTemplate
{
    public const string File = "sam/template.yaml";
    private const string OwnsData = "OwnsData";
    private const int LogRetentionDays = 30;


    public static void Write(PublishedGraph graph, PublishedFiles files)
    {
        if (graph.Functions.Count == 0)
        {
            return;
        }
        var resources = new SortedDictionary<string, object>(StringComparer.Ordinal);
        foreach (var function in graph.Functions)
        {
            AddFunction(graph, function, resources);
        }
        var template = new Dictionary<string, object>
        {
            ["AWSTemplateFormatVersion"] = "2010-09-09",
            ["Transform"] = "AWS::Serverless-2016-10-31",
            ["Description"] = "ECommerce functions, written by the AppHost's publish step from its model.",
            ["Parameters"] = new Dictionary<string, object>
            {
                ["Environment"] = new Dictionary<string, object> { ["Type"] = "String", ["Default"] = "prod", ["AllowedPattern"] = "[a-z0-9-]+" },
                ["DataOwner"] = new Dictionary<string, object>
                {
                    ["Type"] = "String",
                    ["Default"] = "terraform",
                    ["AllowedValues"] = new[] { "terraform", "sam" },
                    ["Description"] = "Who creates the functions' queues and tables: Terraform (the whole system) or this stack (the functions alone).",
                },
                ["OtlpEndpoint"] = new Dictionary<string, object>
                {
                    ["Type"] = "String",
                    ["Default"] = "",
                    ["Description"] = "An OTLP collector the functions send traces and metrics to (empty: none).",
                },
                ["TraceSampleRatio"] = new Dictionary<string, object>
                {
                    ["Type"] = "String",
                    ["Default"] = DeploymentSetting.DefaultTraceSampleRatio,
                    ["Description"] = "The share of traces a function starts that it keeps (0 to 1); traces it continues follow their sender's decision.",
                },
            },
            ["Conditions"] = new Dictionary<string, object>
            {
                [OwnsData] = new Dictionary<string, object> { ["Fn::Equals"] = new object[] { Ref("DataOwner"), "sam" } },
            },
            ["Resources"] = resources,
        };
        files.Add(File, YamlFiles.Serializer.Serialize(template));
    }

    private static void AddFunction(PublishedGraph graph, FunctionSpec function, SortedDictionary<string, object> resources)
    {
        var id = LogicalId(function.Name) + "Function";
        var events = new Dictionary<string, object>();
        foreach (var source in function.EventSources)
        {
            var queue = graph.Queues.SingleOrDefault(q => q.Name == source.Queue) ?? throw new DistributedApplicationException(
                $"{function.Name} reads queue {source.Queue}, which the model does not declare.");
            CheckVisibilityTimeout(function, queue);
            AddQueue(graph, queue, resources);
            AddBucketEvents(graph, queue, resources);
            var properties = new Dictionary<string, object>
            {
                ["Queue"] = ArnOf(AwsResourceKind.Queue, queue.Name),
                ["BatchSize"] = source.BatchSize,
                ["MaximumBatchingWindowInSeconds"] = (int)source.BatchWindow.TotalSeconds,
                // Lambda polls with at most this many invocations at once: the model's concurrency (2 is Lambda's least).
                ["ScalingConfig"] = new Dictionary<string, object> { ["MaximumConcurrency"] = Math.Max(2, function.Concurrency) },
            };
            if (source.ReportBatchItemFailures)
            {
                properties["FunctionResponseTypes"] = new[] { "ReportBatchItemFailures" };
            }
            events[LogicalId(queue.Name)] = new Dictionary<string, object> { ["Type"] = "SQS", ["Properties"] = properties };
        }
        foreach (var table in function.Grants.Where(g => g.Kind == AwsResourceKind.Table))
        {
            AddTable(graph, table.Name, resources);
        }

        var functionName = Sub($"ecommerce-${{Environment}}-{function.Name}");
        resources[id] = new Dictionary<string, object>
        {
            ["Type"] = "AWS::Serverless::Function",
            ["DependsOn"] = id + "Logs",
            ["Properties"] = new Dictionary<string, object>
            {
                ["FunctionName"] = functionName,
                ["Runtime"] = "provided.al2023",
                ["Handler"] = "bootstrap",
                ["Architectures"] = new[] { "x86_64" },
                ["CodeUri"] = function.PackageFile,
                ["MemorySize"] = function.MemorySizeMb,
                ["Timeout"] = (int)function.Timeout.TotalSeconds,
                ["ReservedConcurrentExecutions"] = function.Concurrency,
                ["Environment"] = new Dictionary<string, object> { ["Variables"] = Variables(function) },
                // A role of its own rather than SAM's: SAM would add AWS's managed SQS policy, which reaches every queue.
                ["Role"] = GetAtt(id + "Role", "Arn"),
                ["Events"] = events,
            },
        };
        resources[id + "Role"] = new Dictionary<string, object>
        {
            ["Type"] = "AWS::IAM::Role",
            ["Properties"] = new Dictionary<string, object>
            {
                ["AssumeRolePolicyDocument"] = new Dictionary<string, object>
                {
                    ["Version"] = "2012-10-17",
                    ["Statement"] = new object[]
                    {
                        new Dictionary<string, object>
                        {
                            ["Effect"] = "Allow",
                            ["Principal"] = new Dictionary<string, object> { ["Service"] = "lambda.amazonaws.com" },
                            ["Action"] = "sts:AssumeRole",
                        },
                    },
                },
                ["Policies"] = new object[]
                {
                    new Dictionary<string, object> { ["PolicyName"] = "least-privilege", ["PolicyDocument"] = Policy(function.Grants, id + "Logs") },
                },
            },
        };
        resources[id + "Logs"] = new Dictionary<string, object>
        {
            ["Type"] = "AWS::Logs::LogGroup",
            ["Properties"] = new Dictionary<string, object>
            {
                ["LogGroupName"] = Sub($"/aws/lambda/ecommerce-${{Environment}}-{function.Name}"),
                ["RetentionInDays"] = LogRetentionDays,
            },
        };
    }

    /// <summary>
    /// A message must stay invisible while the function may still be working on it, or a second invocation gets it too:
    /// AWS refuses a queue whose visibility timeout is under the function's timeout and advises six times it.
    /// </summary>
    private static void CheckVisibilityTimeout(FunctionSpec function, QueueDefinition queue)
    {
        var visibility = queue.VisibilityTimeout ?? TimeSpan.FromSeconds(30);
        if (visibility < function.Timeout * 6)
        {
            throw new DistributedApplicationException(
                $"Queue {queue.Name}'s visibility timeout ({visibility.TotalSeconds:0} s) is under six times {function.Name}'s timeout ({function.Timeout.TotalSeconds:0} s).");
        }
    }

    private static Dictionary<string, object> Variables(FunctionSpec function)
    {
        var variables = new SortedDictionary<string, object>(StringComparer.Ordinal);
        foreach (var variable in function.Environment)
        {
            switch (variable.Value)
            {
                // Lambda sets the region itself and refuses it as a variable.
                case SettingRef { Key: "AWS_REGION" }:
                    break;
                case Literal literal:
                    variables[variable.Name] = literal.Value;
                    break;
                default:
                    throw new DistributedApplicationException($"{function.Name}: {variable.Name} has no form in a SAM template yet.");
            }
        }
        variables["OTEL_SERVICE_NAME"] = function.Name;
        variables["OTEL_EXPORTER_OTLP_ENDPOINT"] = Ref("OtlpEndpoint");
        variables[DeploymentSetting.TraceSampler.Key] = DeploymentSetting.DefaultTraceSampler;
        variables[DeploymentSetting.TraceSampleRatio.Key] = Ref("TraceSampleRatio");
        return new Dictionary<string, object>(variables);
    }

    /// <summary>Its grants, and writing to its own log group (what AWSLambdaBasicExecutionRole gives, for one group only).</summary>
    private static Dictionary<string, object> Policy(IEnumerable<ResolvedGrant> grants, string logGroup) => new()
    {
        ["Version"] = "2012-10-17",
        ["Statement"] = LeastPrivilege.For(grants).Select(statement => new Dictionary<string, object>
        {
            ["Sid"] = statement.Sid,
            ["Effect"] = "Allow",
            ["Action"] = statement.Actions,
            ["Resource"] = Arns(statement),
        }).Append(new Dictionary<string, object>
        {
            ["Sid"] = "WriteOwnLogs",
            ["Effect"] = "Allow",
            ["Action"] = new[] { "logs:CreateLogStream", "logs:PutLogEvents" },
            ["Resource"] = GetAtt(logGroup, "Arn"),
        }).ToList(),
    };

    private static List<object> Arns(PolicyStatement statement) =>
        statement.Suffixes.Select(suffix => statement.Grant.Kind == AwsResourceKind.Queue && suffix == ""
            ? ArnOf(AwsResourceKind.Queue, statement.Grant.Name)
            : Sub(LeastPrivilege.Arn(statement.Grant, "${AWS::Partition}", "${AWS::Region}", "${AWS::AccountId}") + suffix)).ToList();

    private static object ArnOf(AwsResourceKind kind, string name) => kind switch
    {
        AwsResourceKind.Queue => If(OwnsData, GetAtt(LogicalId(name) + "Queue", "Arn"),
            Sub(LeastPrivilege.Arn(new ResolvedGrant(kind, name, AwsAccessLevel.Read), "${AWS::Partition}", "${AWS::Region}", "${AWS::AccountId}"))),
        _ => throw new ArgumentOutOfRangeException(nameof(kind)),
    };

    /// <summary>
    /// A queue that a bucket's notification fills (S3 event → queue → function) lets that bucket, of this account,
    /// send to it. The bucket and its notification configuration are Terraform's, with the bucket; the policy goes
    /// with the queue, so this stack has it when it owns the queue.
    /// </summary>
    private static void AddBucketEvents(PublishedGraph graph, QueueDefinition queue, SortedDictionary<string, object> resources)
    {
        var buckets = graph.Buckets.Where(b => b.Notifications.Any(n => n.Queue == queue.Name)).ToList();
        if (buckets.Count == 0)
        {
            return;
        }
        resources[LogicalId(queue.Name) + "QueuePolicy"] = Owned("AWS::SQS::QueuePolicy", new Dictionary<string, object>
        {
            ["Queues"] = new[] { Ref(LogicalId(queue.Name) + "Queue") },
            ["PolicyDocument"] = new Dictionary<string, object>
            {
                ["Version"] = "2012-10-17",
                ["Statement"] = buckets.Select(bucket => new Dictionary<string, object>
                {
                    ["Sid"] = "S3SendsObjectEvents" + LogicalId(bucket.Name),
                    ["Effect"] = "Allow",
                    ["Principal"] = new Dictionary<string, object> { ["Service"] = "s3.amazonaws.com" },
                    ["Action"] = "sqs:SendMessage",
                    ["Resource"] = GetAtt(LogicalId(queue.Name) + "Queue", "Arn"),
                    ["Condition"] = new Dictionary<string, object>
                    {
                        ["ArnEquals"] = new Dictionary<string, object> { ["aws:SourceArn"] = Sub($"arn:${{AWS::Partition}}:s3:::{bucket.Name}") },
                        ["StringEquals"] = new Dictionary<string, object> { ["aws:SourceAccount"] = Ref("AWS::AccountId") },
                    },
                }).ToList(),
            },
        });
    }

    private static void AddQueue(PublishedGraph graph, QueueDefinition queue, SortedDictionary<string, object> resources)
    {
        var properties = new Dictionary<string, object>
        {
            ["QueueName"] = queue.Name,
            ["SqsManagedSseEnabled"] = true,
        };
        if (queue.VisibilityTimeout is { } visibility)
        {
            properties["VisibilityTimeout"] = (int)visibility.TotalSeconds;
        }
        if (queue.Retention is { } retention)
        {
            properties["MessageRetentionPeriod"] = (int)retention.TotalSeconds;
        }
        if (queue.DeadLetterQueue is { } deadLetter)
        {
            AddQueue(graph, graph.Queues.Single(q => q.Name == deadLetter), resources);
            properties["RedrivePolicy"] = new Dictionary<string, object>
            {
                ["deadLetterTargetArn"] = GetAtt(LogicalId(deadLetter) + "Queue", "Arn"),
                ["maxReceiveCount"] = queue.MaxReceiveCount,
            };
        }
        resources[LogicalId(queue.Name) + "Queue"] = Owned("AWS::SQS::Queue", properties);
    }

    private static void AddTable(PublishedGraph graph, string name, SortedDictionary<string, object> resources)
    {
        var table = graph.Tables.Single(t => t.TableName == name);
        var properties = new Dictionary<string, object>
        {
            ["TableName"] = table.TableName,
            ["BillingMode"] = "PAY_PER_REQUEST",
            ["AttributeDefinitions"] = table.AttributeDefinitions.OrderBy(a => a.AttributeName, StringComparer.Ordinal)
                .Select(a => new Dictionary<string, object> { ["AttributeName"] = a.AttributeName, ["AttributeType"] = a.AttributeType.Value }).ToList(),
            ["KeySchema"] = KeySchema(table.KeySchema),
            ["PointInTimeRecoverySpecification"] = new Dictionary<string, object> { ["PointInTimeRecoveryEnabled"] = true },
            ["SSESpecification"] = new Dictionary<string, object> { ["SSEEnabled"] = true },
        };
        if (table.GlobalSecondaryIndexes is { Count: > 0 } indexes)
        {
            properties["GlobalSecondaryIndexes"] = indexes.Select(i => new Dictionary<string, object>
            {
                ["IndexName"] = i.IndexName,
                ["KeySchema"] = KeySchema(i.KeySchema),
                ["Projection"] = new Dictionary<string, object> { ["ProjectionType"] = i.Projection.ProjectionType.Value },
            }).ToList();
        }
        if (graph.TimeToLive.TryGetValue(table.TableName, out var ttl))
        {
            properties["TimeToLiveSpecification"] = new Dictionary<string, object> { ["AttributeName"] = ttl, ["Enabled"] = true };
        }
        resources[LogicalId(table.TableName) + "Table"] = Owned("AWS::DynamoDB::Table", properties);
    }

    private static List<Dictionary<string, object>> KeySchema(IEnumerable<KeySchemaElement> keys) =>
        keys.Select(k => new Dictionary<string, object> { ["AttributeName"] = k.AttributeName, ["KeyType"] = k.KeyType.Value }).ToList();

    /// <summary>Data outlives stacks: kept when the stack or the resource goes.</summary>
    private static Dictionary<string, object> Owned(string type, Dictionary<string, object> properties) => new()
    {
        ["Type"] = type,
        ["Condition"] = OwnsData,
        ["DeletionPolicy"] = "Retain",
        ["UpdateReplacePolicy"] = "Retain",
        ["Properties"] = properties,
    };

    /// <summary>CloudFormation logical ids are alphanumeric: order-events-dlq → OrderEventsDlq.</summary>
    public static string LogicalId(string name) =>
        string.Concat(name.Split('-', '_', '.').Where(p => p.Length > 0).Select(p => char.ToUpperInvariant(p[0]) + p[1..]));

    private static Dictionary<string, object> Ref(string name) => new() { ["Ref"] = name };

    private static Dictionary<string, object> Sub(string text) => new() { ["Fn::Sub"] = text };

    private static Dictionary<string, object> GetAtt(string resource, string attribute) => new() { ["Fn::GetAtt"] = new[] { resource, attribute } };

    private static Dictionary<string, object> If(string condition, object whenTrue, object whenFalse) =>
        new() { ["Fn::If"] = new[] { condition, whenTrue, whenFalse } };
}
