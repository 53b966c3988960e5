using System.Security.Cryptography;
using ECommerce.AppHost.Hosting;
using ECommerce.AppHost.Hosting.Processes;
using ECommerce.AppHost.Resources.Parameters;
using Npgsql;

namespace ECommerce.AppHost.Resources.Postgres;

/// <summary>
/// A private PostgreSQL cluster: Debian's server binaries, initdb'd into the AppHost's data folder on first run,
/// listening on 127.0.0.1 only (no Unix socket), run as the unprivileged <c>postgres</c> user when the AppHost is root.
/// </summary>
public sealed class PostgresServerResource(string name) : Resource(name), IResourceWithPrerequisites
{
    public const int DefaultPort = 15432;
    public const string SuperUser = "postgres";
    private const string ServiceUser = "postgres";

    public override string Kind => "postgres";

    public List<PostgresDatabaseResource> Databases { get; } = [];

    /// <summary>Needed only while some database of it is not an existing, external one.</summary>
    public override bool IsExternal => Databases.Count > 0 && Databases.All(d => d.IsExternal);

    public int Port { get; private set; }

    public string Password { get; private set; } = "";

    public string ConnectionStringFor(string database, bool pooling = true) =>
        new NpgsqlConnectionStringBuilder
        {
            Pooling = pooling,
            Host = "127.0.0.1",
            Port = Port,
            Username = SuperUser,
            Password = Password,
            Database = database,
        }.ConnectionString;

    public IEnumerable<Prerequisite> GetPrerequisites(AppHostOptions options)
    {
        yield return new Prerequisite("PostgreSQL server binaries (initdb, postgres)", () => FindBinDirectory() is not null, "apt-get install -y postgresql");
        if (ManagedProcess.IsRoot)
        {
            yield return new Prerequisite($"the unprivileged user '{ServiceUser}'", () => UserExists(ServiceUser), "apt-get install -y postgresql");
        }
    }

    public override async Task StartAsync(ResourceContext context, CancellationToken cancellationToken)
    {
        var bin = FindBinDirectory()!;
        var dataDirectory = PostgresDataDirectory.Resolve(context, this, ServiceUser);
        Password = LoadOrCreatePassword(context);
        var log = context.OpenLog(this);

        if (!File.Exists(Path.Combine(dataDirectory, "PG_VERSION")))
        {
            context.Progress.Report($"{Name}: creating a new cluster in {dataDirectory} (first run)");
            await InitDbAsync(context, bin, dataDirectory, log, cancellationToken);
        }

        Port = context.AllocatePort(this, DefaultPort);
        var arguments = new List<string>
        {
            "-D", dataDirectory,
            "-p", Port.ToString(),
            "-c", "listen_addresses=127.0.0.1",
            "-c", "unix_socket_directories=",
            "-c", "max_connections=200",
        };
        if (!context.Options.Durable)
        {
            // Throw-away test data: skip the disk flushes that dominate start-up and commit time.
            arguments.AddRange(["-c", "fsync=off", "-c", "synchronous_commit=off", "-c", "full_page_writes=off"]);
        }
        Process = ManagedProcess.Start(new ProcessSpec(Path.Combine(bin, "postgres"), arguments) { RunAsUser = ServiceUser, StopSignal = ManagedProcess.SigInt }, log);
        Endpoints["tcp"] = $"127.0.0.1:{Port}";

        await Readiness.WaitAsync(this, context, async ct =>
        {
            await using var connection = new NpgsqlConnection(ConnectionStringFor("postgres", pooling: false));
            await connection.OpenAsync(ct);
            return true;
        }, cancellationToken, Process);
    }

    private async Task InitDbAsync(ResourceContext context, string bin, string dataDirectory, ResourceLog log, CancellationToken cancellationToken)
    {
        var passwordFile = Path.Combine(dataDirectory, "..", $".{Name}-initdb-password");
        await File.WriteAllTextAsync(passwordFile, Password, cancellationToken);
        PostgresDataDirectory.GiveTo(passwordFile, ServiceUser);
        try
        {
            var initdb = ManagedProcess.Start(new ProcessSpec(Path.Combine(bin, "initdb"),
            [
                "-D", dataDirectory, "-U", SuperUser, $"--pwfile={passwordFile}", "--auth=scram-sha-256",
                "--encoding=UTF8", "--locale=C.UTF-8", "--no-instructions",
            ]) { RunAsUser = ServiceUser }, log);
            var exitCode = await initdb.Exited.WaitAsync(cancellationToken);
            if (exitCode != 0)
            {
                throw new ResourceStartException($"initdb for {this} failed with code {exitCode}. Last lines of {log.Path}:\n  " + string.Join("\n  ", log.Tail(15)));
            }
        }
        finally
        {
            File.Delete(passwordFile);
        }
    }

    // The password belongs to the cluster: created with it, kept beside it, readable by the owner only.
    private string LoadOrCreatePassword(ResourceContext context)
    {
        var path = Path.Combine(context.Options.DataDirectory, "secrets", $"{Name}-password");
        if (File.Exists(path))
        {
            return File.ReadAllText(path).Trim();
        }
        var password = Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(16));
        SecretFiles.Write(path, password);
        return password;
    }

    public static string? FindBinDirectory() =>
        Directory.Exists("/usr/lib/postgresql")
            ? Directory.GetDirectories("/usr/lib/postgresql")
                .Select(dir => Path.Combine(dir, "bin"))
                .Where(bin => File.Exists(Path.Combine(bin, "postgres")) && File.Exists(Path.Combine(bin, "initdb")))
                .OrderByDescending(bin => int.TryParse(Path.GetFileName(Path.GetDirectoryName(bin)), out var version) ? version : 0)
                .FirstOrDefault()
            : null;

    private static bool UserExists(string user) => File.ReadLines("/etc/passwd").Any(line => line.StartsWith(user + ":", StringComparison.Ordinal));
}
