using System.Text.Json;
using Confluent.Kafka;
using ECommerce.Contracts;
using Streamiz.Kafka.Net.SerDes;

namespace ECommerce.Analytics.Streams;

/// <summary>JSON in the contracts' shape for what the job keeps in its stores and emits.</summary>
public sealed class JsonSerDes<T> : AbstractSerDes<T> where T : class
{
    public override byte[] Serialize(T data, SerializationContext context) =>
        data is null ? null! : JsonSerializer.SerializeToUtf8Bytes(data, ContractJson.Options);

    public override T Deserialize(byte[] data, SerializationContext context) =>
        data is null ? null! : JsonSerializer.Deserialize<T>(data, ContractJson.Options)!;
}
