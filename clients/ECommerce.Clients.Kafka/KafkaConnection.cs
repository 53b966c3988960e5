using Confluent.Kafka;

namespace ECommerce.Clients.Kafka;

/// <summary>
/// Reads <c>ConnectionStrings__kafka</c>. Either a plain bootstrap list (<c>127.0.0.1:9092,127.0.0.1:9093</c>), as
/// Aspire passes it, or librdkafka properties separated by semicolons for a managed cluster:
/// <c>bootstrap.servers=pkc.example:9092;security.protocol=SASL_SSL;sasl.mechanism=PLAIN;sasl.username=KEY;sasl.password=SECRET</c>.
/// </summary>
public static class KafkaConnection
{
    public static Dictionary<string, string> Parse(string connectionString)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(connectionString);
        var properties = new Dictionary<string, string>(StringComparer.Ordinal);
        if (!connectionString.Contains('='))
        {
            properties["bootstrap.servers"] = connectionString.Trim();
            return properties;
        }

        foreach (var part in connectionString.Split(';', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            var separator = part.IndexOf('=');
            if (separator <= 0)
            {
                throw new FormatException($"Kafka connection string part '{part}' is not of the form key=value.");
            }
            properties[part[..separator].Trim()] = part[(separator + 1)..].Trim();
        }
        if (!properties.ContainsKey("bootstrap.servers"))
        {
            throw new FormatException("Kafka connection string has no bootstrap.servers.");
        }
        return properties;
    }

    public static ProducerConfig ProducerConfig(string connectionString) => new(Parse(connectionString));

    public static ConsumerConfig ConsumerConfig(string connectionString) => new(Parse(connectionString));

    public static AdminClientConfig AdminConfig(string connectionString) => new(Parse(connectionString));
}
