using ECommerce.Tests.Harness;
using Npgsql;

namespace ECommerce.Tests.Infrastructure;

[Collection(GraphCollection.Name)]
public sealed class PostgresTests(GraphFixture graph)
{
    [Fact]
    public async Task TheEcommerceDatabaseAnswersAQueryOverTcpOnLoopback()
    {
        var connectionString = new NpgsqlConnectionStringBuilder(graph.DatabaseConnectionString);
        Assert.Equal("127.0.0.1", connectionString.Host);

        await using var connection = new NpgsqlConnection(connectionString.ConnectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand("SELECT current_database(), current_setting('server_version_num')::int, 6 * 7", connection);
        await using var reader = await command.ExecuteReaderAsync();
        Assert.True(await reader.ReadAsync());
        Assert.Equal("ecommerce", reader.GetString(0));
        Assert.True(reader.GetInt32(1) >= 150000, $"PostgreSQL 15 or later expected, got {reader.GetInt32(1)}");
        Assert.Equal(42, reader.GetInt32(2));
    }
}
