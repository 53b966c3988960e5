using System.Globalization;
using System.Net;
using Amazon.DynamoDBv2.Model;
using ECommerce.ServiceDefaults;

namespace ECommerce.Tests.Harness;

/// <summary>What the analytics jobs wrote: window items in DynamoDB and export objects in S3, read as a reader would.</summary>
public static class AnalyticsOutputs
{
    /// <summary>The items of those windows that are stored, by window id (consistent reads).</summary>
    public static async Task<Dictionary<string, Dictionary<string, AttributeValue>>> WindowItemsAsync(this GraphFixture graph, IEnumerable<string> windowIds)
    {
        using var dynamoDb = graph.DynamoDb.CreateClient();
        var found = new Dictionary<string, Dictionary<string, AttributeValue>>();
        foreach (var id in windowIds)
        {
            var response = await dynamoDb.GetItemAsync(new GetItemRequest
            {
                TableName = DynamoDbTables.AnalyticsWindows,
                Key = new() { ["window_id"] = new() { S = id } },
                ConsistentRead = true,
            });
            if (response.Item is { Count: > 0 } item)
            {
                found[id] = item;
            }
        }
        return found;
    }

    /// <summary>
    /// An item as text, for comparing two: attributes in order, numbers by value (DynamoDB keeps a number's value, not its
    /// spelling: 1057.50 comes back as 1057.5).
    /// </summary>
    public static string Canonical(Dictionary<string, AttributeValue> item) =>
        string.Join(";", item.OrderBy(a => a.Key, StringComparer.Ordinal).Select(a => $"{a.Key}={Canonical(a.Value)}"));

    private static string Canonical(AttributeValue value) =>
        value.S is not null ? $"S:{value.S}"
        : value.N is not null ? $"N:{decimal.Parse(value.N, CultureInfo.InvariantCulture).ToString("G29", CultureInfo.InvariantCulture)}"
        : value.L is not null ? $"L:[{string.Join(",", value.L.Select(Canonical))}]"
        : value.M is not null ? $"M:{{{Canonical(value.M)}}}"
        : "?";

    /// <summary>The contents of those export objects that exist, by key.</summary>
    public static async Task<Dictionary<string, byte[]>> ExportsAsync(this GraphFixture graph, IEnumerable<string> keys)
    {
        using var s3 = graph.Aws.CreateS3Client();
        var found = new Dictionary<string, byte[]>();
        foreach (var key in keys)
        {
            try
            {
                using var response = await s3.GetObjectAsync(S3Buckets.AnalyticsResults, key);
                using var content = new MemoryStream();
                await response.ResponseStream.CopyToAsync(content);
                found[key] = content.ToArray();
            }
            catch (Amazon.S3.AmazonS3Exception exception) when (exception.StatusCode == HttpStatusCode.NotFound)
            {
                // Not written yet.
            }
        }
        return found;
    }
}
