using System.Diagnostics;
using System.Security.Cryptography;
using Microsoft.Extensions.Logging;
using Npgsql;

namespace ECommerce.AppHost.Resources.Postgres;

public static class PostgresBuilderExtensions
{
    private const string ServiceUser = "postgres";

    /// <param name="port">The stable port for a person; tests get a random one.</param>
    public static IResourceBuilder<PostgresServerResource> AddLocalPostgres(this IDistributedApplicationBuilder builder, string name, int port)
    {
        var bin = FindBinDirectory();
        builder.Require(bin is not null, name, "PostgreSQL's server binaries (initdb, postgres)", "apt-get install -y postgresql");
        var runAsServiceUser = Environment.IsPrivilegedProcess;
        builder.Require(!runAsServiceUser || UserExists(ServiceUser), name, $"the unprivileged user '{ServiceUser}'", "apt-get install -y postgresql");

        var dataFolder = builder.DataDirectory(name);
        // The password belongs to the cluster: created with it, kept beside it, readable by the owner only.
        var passwordFile = Path.Combine(dataFolder, "..", "secrets", $"{name}-password");
        var password = builder.AddParameter($"{name}-password", () => LoadOrCreateSecret(passwordFile), secret: true);

        // PostgreSQL refuses to run as root: setpriv drops to the service user and execs in place.
        var resource = runAsServiceUser
            ? new PostgresServerResource(name, "setpriv", dataFolder, password.Resource)
            // (No binaries when publishing: nothing runs then.)
            : new PostgresServerResource(name, Path.Combine(bin ?? "", "postgres"), dataFolder, password.Resource);
        // A test graph (random ports) keeps throw-away data: it may skip the disk flushes.
        var durable = !builder.RandomizesPorts();
        string? clusterDirectory = null;

        return builder.AddResource(resource)
            .WithLoopbackEndpoint("tcp", "tcp", port)
            .WithArgs(context =>
            {
                if (runAsServiceUser)
                {
                    foreach (var argument in new[] { $"--reuid={ServiceUser}", $"--regid={ServiceUser}", "--init-groups", "--", Path.Combine(bin!, "postgres") })
                    {
                        context.Args.Add(argument);
                    }
                }
                context.Args.Add("-D");
                context.Args.Add(clusterDirectory ?? throw new InvalidOperationException("The cluster folder is chosen before the start."));
                context.Args.Add("-p");
                context.Args.Add(resource.Endpoint.Property(EndpointProperty.TargetPort));
                foreach (var setting in Settings(durable))
                {
                    context.Args.Add("-c");
                    context.Args.Add(setting);
                }
            })
            .WithIconName("DatabaseMultiple")
            .OnBeforeResourceStarted(async (server, e, ct) =>
            {
                var log = e.Services.ResourceLogger(server);
                clusterDirectory = PostgresDataDirectory.Resolve(Path.Combine(dataFolder, "data"), runAsServiceUser ? ServiceUser : null, log);
                if (!File.Exists(Path.Combine(clusterDirectory, "PG_VERSION")))
                {
                    log.LogInformation("creating a new cluster in {Directory} (first run)", clusterDirectory);
                    await InitDbAsync(bin!, clusterDirectory, await server.Password.GetValueAsync(ct) ?? "", runAsServiceUser, log, ct);
                }
            })
            .WithReadinessProbe(async (_, ct) =>
            {
                var connectionString = await resource.ConnectionStringExpression.GetValueAsync(ct);
                await using var connection = new NpgsqlConnection($"{connectionString};Database=postgres;Pooling=false");
                await connection.OpenAsync(ct);
            });
    }

    public static IResourceBuilder<PostgresDatabaseResource> AddDatabase(this IResourceBuilder<PostgresServerResource> server, string name)
    {
        var database = new PostgresDatabaseResource(name, server.Resource);
        return server.ApplicationBuilder.AddResource(database)
            .WithInitialState(new CustomResourceSnapshot { ResourceType = "PostgresDatabase", Properties = [] })
            .WithIconName("Database")
            .WithParentRelationship(server)
            .WaitFor(server)
            .OnInitializeResource(static async (database, e, ct) =>
            {
                // Waits for the server (WaitFor above), as Aspire does before it starts any resource.
                await e.Eventing.PublishAsync(new BeforeResourceStartedEvent(database, e.Services), ct);
                try
                {
                    await CreateIfMissingAsync(database, ct);
                    await e.Notifications.PublishUpdateAsync(database, s => s with { State = KnownResourceStates.Running, StartTimeStamp = DateTime.UtcNow });
                }
                catch (Exception exception) when (exception is not OperationCanceledException)
                {
                    e.Logger.LogError(exception, "the database could not be created");
                    await e.Notifications.PublishUpdateAsync(database, s => s with { State = KnownResourceStates.FailedToStart });
                }
            });
    }

    private static async Task CreateIfMissingAsync(PostgresDatabaseResource database, CancellationToken cancellationToken)
    {
        var serverConnection = await database.Parent.ConnectionStringExpression.GetValueAsync(cancellationToken);
        await using var connection = new NpgsqlConnection($"{serverConnection};Database=postgres;Pooling=false");
        await connection.OpenAsync(cancellationToken);
        await using var exists = new NpgsqlCommand("SELECT 1 FROM pg_database WHERE datname = $1", connection) { Parameters = { new() { Value = database.Name } } };
        if (await exists.ExecuteScalarAsync(cancellationToken) is null)
        {
            // CREATE DATABASE takes no parameters; the name is quoted as an identifier.
            await using var create = new NpgsqlCommand($"CREATE DATABASE \"{database.Name.Replace("\"", "\"\"")}\"", connection);
            await create.ExecuteNonQueryAsync(cancellationToken);
        }
    }

    private static IEnumerable<string> Settings(bool durable)
    {
        yield return "listen_addresses=127.0.0.1";
        yield return "unix_socket_directories=";
        yield return "max_connections=200";
        if (!durable)
        {
            // Throw-away test data: skip the disk flushes that dominate start-up and commit time. They guard against the
            // machine losing power; a server that is killed (a test's fault) still keeps every commit it acknowledged,
            // because each commit's WAL is written to the kernel before it returns (synchronous_commit stays on: off, a
            // killed server forgets its last acknowledged commits, and a restart un-reserves stock of stored orders).
            yield return "fsync=off";
            yield return "full_page_writes=off";
        }
    }

    private static async Task InitDbAsync(string bin, string clusterDirectory, string password, bool runAsServiceUser, ILogger log, CancellationToken cancellationToken)
    {
        var passwordFile = Path.Combine(Path.GetDirectoryName(clusterDirectory)!, ".initdb-password");
        await File.WriteAllTextAsync(passwordFile, password, cancellationToken);
        PostgresDataDirectory.GiveTo(passwordFile, runAsServiceUser ? ServiceUser : null);
        try
        {
            var initdb = new ProcessStartInfo(runAsServiceUser ? "setpriv" : Path.Combine(bin, "initdb"))
            {
                RedirectStandardOutput = true,
                RedirectStandardError = true,
            };
            if (runAsServiceUser)
            {
                foreach (var argument in new[] { $"--reuid={ServiceUser}", $"--regid={ServiceUser}", "--init-groups", "--", Path.Combine(bin, "initdb") })
                {
                    initdb.ArgumentList.Add(argument);
                }
            }
            foreach (var argument in new[] { "-D", clusterDirectory, "-U", PostgresServerResource.SuperUser, $"--pwfile={passwordFile}",
                "--auth=scram-sha-256", "--encoding=UTF8", "--locale=C.UTF-8", "--no-instructions" })
            {
                initdb.ArgumentList.Add(argument);
            }
            using var process = Process.Start(initdb)!;
            var output = process.StandardOutput.ReadToEndAsync(cancellationToken);
            var errors = process.StandardError.ReadToEndAsync(cancellationToken);
            await process.WaitForExitAsync(cancellationToken);
            log.LogInformation("{Output}", await output);
            if (process.ExitCode != 0)
            {
                throw new DistributedApplicationException($"initdb failed with code {process.ExitCode}: {await errors}");
            }
        }
        finally
        {
            File.Delete(passwordFile);
        }
    }

    private static string LoadOrCreateSecret(string path)
    {
        if (File.Exists(path))
        {
            return File.ReadAllText(path).Trim();
        }
        var value = Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(16));
        Directory.CreateDirectory(Path.GetDirectoryName(path)!, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
        using var file = new FileStream(path, new FileStreamOptions
        {
            Mode = FileMode.CreateNew,
            Access = FileAccess.Write,
            UnixCreateMode = UnixFileMode.UserRead | UnixFileMode.UserWrite,
        });
        using var writer = new StreamWriter(file);
        writer.Write(value);
        return value;
    }

    private static string? FindBinDirectory() =>
        Directory.Exists("/usr/lib/postgresql")
            ? Directory.GetDirectories("/usr/lib/postgresql")
                .Select(dir => Path.Combine(dir, "bin"))
                .Where(bin => File.Exists(Path.Combine(bin, "postgres")) && File.Exists(Path.Combine(bin, "initdb")))
                .OrderByDescending(bin => int.TryParse(Path.GetFileName(Path.GetDirectoryName(bin)), out var version) ? version : 0)
                .FirstOrDefault()
            : null;

    private static bool UserExists(string user) => File.ReadLines("/etc/passwd").Any(line => line.StartsWith(user + ":", StringComparison.Ordinal));
}
