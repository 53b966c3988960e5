using ECommerce.Clients.Kafka;

namespace ECommerce.UnitTests;

public sealed class KafkaConnectionTests
{
    [Fact]
    public void APlainBootstrapListBecomesBootstrapServers()
    {
        var properties = KafkaConnection.Parse("127.0.0.1:9092,127.0.0.1:9093");
        Assert.Equal("127.0.0.1:9092,127.0.0.1:9093", Assert.Single(properties).Value);
    }

    [Fact]
    public void SaslSettingsForAManagedClusterAreKept()
    {
        var config = KafkaConnection.ProducerConfig(
            "bootstrap.servers=pkc.example:9092; security.protocol=SASL_SSL; sasl.mechanism=PLAIN; sasl.username=KEY; sasl.password=S=CRET")
            .ToDictionary(p => p.Key, p => p.Value);
        Assert.Equal("pkc.example:9092", config["bootstrap.servers"]);
        Assert.Equal("SASL_SSL", config["security.protocol"]);
        Assert.Equal("KEY", config["sasl.username"]);
        Assert.Equal("S=CRET", config["sasl.password"]);
    }

    [Theory]
    [InlineData("security.protocol=SASL_SSL")]
    [InlineData("bootstrap.servers=x:1;oops")]
    public void AMalformedConnectionStringIsRejectedWithItsReason(string connectionString)
    {
        Assert.Throws<FormatException>(() => KafkaConnection.Parse(connectionString));
    }
}
