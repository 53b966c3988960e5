using ECommerce.AppHost.Hosting;

namespace ECommerce.Tests.Harness;

/// <summary>
/// Runs the AppHost's own Program.cs for a test: free ports, a throw-away data folder, projects already built by
/// the test build, and resource output kept in log files rather than the test console.
/// </summary>
public static class TestAppHost
{
    public static string NewDataDirectory()
    {
        var directory = Directory.CreateTempSubdirectory("ecommerce-apphost-test-");
        // Temp folders are owner-only; the postgres user (the AppHost runs PostgreSQL as it under root) must enter it.
        directory.UnixFileMode |= UnixFileMode.GroupExecute | UnixFileMode.OtherExecute;
        return directory.FullName;
    }

    /// <param name="configuration">More AppHost configuration, as command-line arguments.</param>
    public static Task<DistributedApplicationBuilder> CreateBuilderAsync(string dataDirectory, bool durable = false, params string[] configuration) =>
        DistributedApplicationFactory.CreateBuilderAsync(typeof(Program).Assembly,
        [
            "--AppHost:Ports=dynamic",
            $"--AppHost:DataDirectory={dataDirectory}",
            "--AppHost:BuildProjects=false",
            "--AppHost:EchoLogs=false",
            $"--AppHost:Durable={durable}",
            "--AppHost:StartupTimeoutSeconds=90",
            .. configuration,
        ]);

    /// <summary>Deletes a data folder, including a cluster the AppHost put elsewhere for the postgres user.</summary>
    public static void DeleteDataDirectory(string dataDirectory)
    {
        try
        {
            Directory.Delete(dataDirectory, recursive: true);
        }
        catch (IOException)
        {
            // A process that is still flushing can hold a file for a moment; the temp folder is cleaned later anyway.
        }
    }
}
