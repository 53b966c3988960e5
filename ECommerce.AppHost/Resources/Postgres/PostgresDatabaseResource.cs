using ECommerce.AppHost.Hosting;
using Npgsql;

namespace ECommerce.AppHost.Resources.Postgres;

/// <summary>
/// A database in a PostgreSQL server, created at start when missing. <c>ConnectionStrings__{name}</c> in the
/// AppHost's configuration points it at an existing PostgreSQL instead; the server is then not started.
/// </summary>
public sealed class PostgresDatabaseResource : Resource, IResourceWithConnectionString
{
    private readonly string? _externalConnectionString;
    private string? _connectionString;

    public PostgresDatabaseResource(string name, PostgresServerResource server, string? externalConnectionString) : base(name)
    {
        Server = server;
        _externalConnectionString = string.IsNullOrWhiteSpace(externalConnectionString) ? null : externalConnectionString;
        Dependencies.Add(server);
    }

    public PostgresServerResource Server { get; }

    public override string Kind => "database";

    public override bool IsExternal => _externalConnectionString is not null;

    public string? ConnectionString => _externalConnectionString ?? _connectionString;

    public override IEnumerable<KeyValuePair<string, string>> GetReferenceEnvironment() =>
        [new($"ConnectionStrings__{Name}", ConnectionString ?? throw new InvalidOperationException($"{this} has not started."))];

    public override async Task StartAsync(ResourceContext context, CancellationToken cancellationToken)
    {
        await using var connection = new NpgsqlConnection(Server.ConnectionStringFor("postgres", pooling: false));
        await connection.OpenAsync(cancellationToken);
        await using var exists = new NpgsqlCommand("SELECT 1 FROM pg_database WHERE datname = $1", connection) { Parameters = { new() { Value = Name } } };
        if (await exists.ExecuteScalarAsync(cancellationToken) is null)
        {
            // CREATE DATABASE takes no parameters; the name is quoted as an identifier.
            await using var create = new NpgsqlCommand($"CREATE DATABASE \"{Name.Replace("\"", "\"\"")}\"", connection);
            await create.ExecuteNonQueryAsync(cancellationToken);
        }
        _connectionString = Server.ConnectionStringFor(Name);
        Endpoints["tcp"] = Server.Endpoints["tcp"];
    }

    public override Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
