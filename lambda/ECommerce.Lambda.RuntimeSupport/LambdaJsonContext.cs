using System.Text.Json.Serialization;

namespace ECommerce.Lambda.RuntimeSupport;

/// <summary>Source-generated JSON for the documents the runtime exchanges with Lambda (as Amazon.Lambda.Serialization does).</summary>
[JsonSerializable(typeof(SqsEvent))]
[JsonSerializable(typeof(SqsBatchResponse))]
[JsonSerializable(typeof(S3Event))]
[JsonSerializable(typeof(LambdaError))]
public sealed partial class LambdaJsonContext : JsonSerializerContext;
