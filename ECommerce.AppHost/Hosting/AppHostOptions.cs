using Microsoft.Extensions.Configuration;

namespace ECommerce.AppHost.Hosting;

/// <summary>How the AppHost runs the graph; bound from the <c>AppHost</c> configuration section.</summary>
public sealed class AppHostOptions
{
    /// <summary>Where resources keep data and logs between runs.</summary>
    public required string DataDirectory { get; init; }

    /// <summary>The folder that holds ECommerce.sln; project paths are relative to it.</summary>
    public required string RepositoryRoot { get; init; }

    /// <summary>Stable, documented ports for a person (default), or free ports chosen at start (tests).</summary>
    public bool DynamicPorts { get; init; }

    /// <summary>Build the project resources once before starting them; tests build them with the test project.</summary>
    public bool BuildProjects { get; init; } = true;

    /// <summary>Copy each resource's output to the console, prefixed with its name.</summary>
    public bool EchoLogs { get; init; } = true;

    /// <summary>False for throw-away data (tests): databases may then skip fsync.</summary>
    public bool Durable { get; init; } = true;

    public TimeSpan StartupTimeout { get; init; } = TimeSpan.FromSeconds(120);

    public string StateFile => Path.Combine(DataDirectory, "apphost-state.json");

    public string LogDirectory => Path.Combine(DataDirectory, "logs");

    public static AppHostOptions From(IConfiguration configuration)
    {
        var section = configuration.GetSection("AppHost");
        var root = section["RepositoryRoot"] ?? FindRepositoryRoot();
        return new AppHostOptions
        {
            RepositoryRoot = root,
            DataDirectory = Path.GetFullPath(section["DataDirectory"] ?? Path.Combine(root, ".apphost")),
            DynamicPorts = string.Equals(section["Ports"], "dynamic", StringComparison.OrdinalIgnoreCase),
            BuildProjects = section.GetValue("BuildProjects", true),
            EchoLogs = section.GetValue("EchoLogs", true),
            Durable = section.GetValue("Durable", true),
            StartupTimeout = TimeSpan.FromSeconds(section.GetValue("StartupTimeoutSeconds", 120)),
        };
    }

    private static string FindRepositoryRoot()
    {
        foreach (var start in new[] { AppContext.BaseDirectory, Directory.GetCurrentDirectory() })
        {
            for (var dir = new DirectoryInfo(start); dir is not null; dir = dir.Parent)
            {
                if (File.Exists(Path.Combine(dir.FullName, "ECommerce.sln")))
                {
                    return dir.FullName;
                }
            }
        }
        throw new InvalidOperationException(
            "Cannot find ECommerce.sln above the AppHost or the current folder: run from a checkout, or set AppHost__RepositoryRoot.");
    }
}
