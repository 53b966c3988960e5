using System.Text.Json;
using System.Text.Json.Nodes;
using ECommerce.AppHost.Publishing.Graph;
using ECommerce.AppHost.Resources.Aws;

namespace ECommerce.AppHost.Publishing.Iam;

/// <summary>
/// One IAM statement: actions allowed on one table, queue or bucket, or on parts of it — each resource is the grant's
/// ARN followed by one of <paramref name="Suffixes"/> (<c>""</c> itself, <c>/index/*</c> a table's indexes, <c>/*</c> a bucket's objects).
/// </summary>
public sealed record PolicyStatement(string Sid, IReadOnlyList<string> Actions, ResolvedGrant Grant, IReadOnlyList<string> Suffixes);

/// <summary>
/// The IAM statements a workload's grants come to. The services' code uses no more than these (a table's items and
/// indexes, a queue's messages, a bucket's objects); nothing may create, delete or reconfigure a table, queue or
/// bucket. Each writer renders the resources in its own language (ARNs, CloudFormation, Terraform references).
/// </summary>
public static class LeastPrivilege
{
    private static readonly string[] TableReads =
        ["dynamodb:BatchGetItem", "dynamodb:ConditionCheckItem", "dynamodb:DescribeTable", "dynamodb:GetItem", "dynamodb:Query"];
    private static readonly string[] TableWrites = ["dynamodb:BatchWriteItem", "dynamodb:DeleteItem", "dynamodb:PutItem", "dynamodb:UpdateItem"];
    private static readonly string[] QueueConsume =
        ["sqs:ChangeMessageVisibility", "sqs:DeleteMessage", "sqs:GetQueueAttributes", "sqs:GetQueueUrl", "sqs:ReceiveMessage"];
    private static readonly string[] QueueSend = ["sqs:GetQueueAttributes", "sqs:GetQueueUrl", "sqs:SendMessage"];
    private static readonly string[] ObjectReads = ["s3:GetObject"];
    private static readonly string[] ObjectWrites = ["s3:DeleteObject", "s3:PutObject"];

    private static readonly string[] Itself = [""];
    private static readonly string[] TableAndIndexes = ["", "/index/*"];

    public static IReadOnlyList<PolicyStatement> For(IEnumerable<ResolvedGrant> grants) =>
        grants.SelectMany(Statements).ToList();

    private static IEnumerable<PolicyStatement> Statements(ResolvedGrant grant)
    {
        var sid = Sid(grant);
        switch (grant.Kind, grant.Access)
        {
            case (AwsResourceKind.Table, AwsAccessLevel.Read):
                yield return new(sid, TableReads, grant, TableAndIndexes);
                break;
            case (AwsResourceKind.Table, AwsAccessLevel.Write):
                yield return new(sid, [.. TableReads, .. TableWrites], grant, TableAndIndexes);
                break;
            case (AwsResourceKind.Queue, AwsAccessLevel.Read):
                yield return new(sid, QueueConsume, grant, Itself);
                break;
            case (AwsResourceKind.Queue, AwsAccessLevel.Write):
                yield return new(sid, QueueSend, grant, Itself);
                break;
            case (AwsResourceKind.Bucket, _):
                // Listing is on the bucket itself, objects under it; S3 answers 403 instead of 404 without ListBucket.
                yield return new(sid + "List", ["s3:ListBucket"], grant, Itself);
                yield return new(sid + "Objects", grant.Access == AwsAccessLevel.Write ? [.. ObjectReads, .. ObjectWrites] : ObjectReads,
                    grant, ["/*"]);
                break;
        }
    }

    /// <summary>A statement id: letters and digits only (IAM's rule).</summary>
    private static string Sid(ResolvedGrant grant) =>
        grant.Access + grant.Kind.ToString() + string.Concat(grant.Name.Split('-', '_', '.').Select(p => p.Length == 0 ? p : char.ToUpperInvariant(p[0]) + p[1..]));

    /// <summary>A table's, queue's or bucket's ARN, in the given partition, region and account (literal or CloudFormation's <c>${AWS::…}</c>).</summary>
    public static string Arn(ResolvedGrant grant, string partition, string region, string account) => grant.Kind switch
    {
        AwsResourceKind.Table => $"arn:{partition}:dynamodb:{region}:{account}:table/{grant.Name}",
        AwsResourceKind.Queue => $"arn:{partition}:sqs:{region}:{account}:{grant.Name}",
        _ => $"arn:{partition}:s3:::{grant.Name}",
    };

    /// <summary>The policy as an IAM JSON document with concrete ARNs.</summary>
    public static string Document(IEnumerable<ResolvedGrant> grants, string region, string account)
    {
        var statements = new JsonArray();
        foreach (var statement in For(grants))
        {
            statements.Add(new JsonObject
            {
                ["Sid"] = statement.Sid,
                ["Effect"] = "Allow",
                ["Action"] = new JsonArray([.. statement.Actions.Select(a => (JsonNode?)a)]),
                ["Resource"] = new JsonArray([.. statement.Suffixes.Select(suffix => (JsonNode?)(Arn(statement.Grant, "aws", region, account) + suffix))]),
            });
        }
        var document = new JsonObject { ["Version"] = "2012-10-17", ["Statement"] = statements };
        return document.ToJsonString(new JsonSerializerOptions { WriteIndented = true });
    }
}
