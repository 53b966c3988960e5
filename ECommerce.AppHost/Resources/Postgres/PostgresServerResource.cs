
namespace ECommerce.AppHost.Resources.Postgres;

/// <summary>
/// A private PostgreSQL cluster: Debian's server binaries, initdb'd into the AppHost's data folder on first run,
/// listening on 127.0.0.1 only (no Unix socket), run as the unprivileged <c>postgres</c> user when the AppHost is root.
/// </summary>
public sealed class PostgresServerResource(string name, string command, string workingDirectory, ParameterResource password)
    : ExecutableResource(name, command, workingDirectory), IResourceWithConnectionString
{
    public const string SuperUser = "postgres";

    public ParameterResource Password { get; } = password;

    public EndpointReference Endpoint => new(this, "tcp");

    public ReferenceExpression ConnectionStringExpression =>
        ReferenceExpression.Create(
            $"Host={Endpoint.Property(EndpointProperty.Host)};Port={Endpoint.Property(EndpointProperty.Port)};Username={SuperUser};Password={Password}");
}

/// <summary>
/// A database of a <see cref="PostgresServerResource"/>, created when it is missing. It runs once it exists, so a
/// service that waits for it waits for the server and the database both.
/// </summary>
public sealed class PostgresDatabaseResource(string name, PostgresServerResource server)
    : Resource(name), IResourceWithConnectionString, IResourceWithWaitSupport
{
    public PostgresServerResource Parent { get; } = server;

    public ReferenceExpression ConnectionStringExpression => ReferenceExpression.Create($"{Parent};Database={Name}");
}
