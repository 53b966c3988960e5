using System.Reflection;
using ECommerce.AppHost.Hosting;
using ECommerce.AppHost.Hosting.Processes;

namespace ECommerce.AppHost.Resources.Projects;

/// <summary>
/// A .NET project of the solution, run from its build output with the configuration contract of DESIGN.md §4
/// injected: connection strings, AWS endpoints, service discovery entries, telemetry settings, its URL.
/// </summary>
public sealed class ProjectResource(string name, string projectPath) : Resource(name), IResourceWithProject, IResourceWithEnvironment
{
    /// <summary>Relative to the repository root.</summary>
    public string ProjectPath { get; } = projectPath;

    public override string Kind => "project";

    public List<Resource> References { get; } = [];

    public Dictionary<string, string> Environment { get; } = [];

    /// <summary>Environment whose values are parameters, resolved when the project starts.</summary>
    public Dictionary<string, Parameters.ParameterResource> ParameterEnvironment { get; } = [];

    /// <summary>The stable port for a person; 0 picks a free one.</summary>
    public int DefaultPort { get; set; }

    /// <summary>The built assembly, set by the one build of all projects (or by convention when tests built them).</summary>
    public string? AssemblyPath { get; set; }

    public string? Url => Endpoints.GetValueOrDefault("http");

    public override IEnumerable<KeyValuePair<string, string>> GetReferenceEnvironment() =>
        [new($"services__{Name}__http__0", Url ?? throw new InvalidOperationException($"{this} has not started."))];

    public override async Task StartAsync(ResourceContext context, CancellationToken cancellationToken)
    {
        var fullProjectPath = Path.Combine(context.Options.RepositoryRoot, ProjectPath);
        var assembly = AssemblyPath ?? ConventionalOutput(fullProjectPath);
        if (!File.Exists(assembly))
        {
            throw new ResourceStartException($"{this}: the build output {assembly} does not exist. Build the solution (`dotnet build ECommerce.sln`).");
        }

        var port = context.AllocatePort(this, DefaultPort);
        var url = $"http://127.0.0.1:{port}";
        var environment = new Dictionary<string, string>
        {
            ["ASPNETCORE_URLS"] = url,
            ["ASPNETCORE_ENVIRONMENT"] = "Development",
            ["DOTNET_ENVIRONMENT"] = "Development",
            ["OTEL_SERVICE_NAME"] = Name,
            ["OTEL_RESOURCE_ATTRIBUTES"] = $"service.instance.id={Name}-{port}",
            // Lines, not colours: the AppHost prefixes and stores them.
            ["DOTNET_SYSTEM_CONSOLE_ALLOW_ANSI_COLOR_REDIRECTION"] = "false",
            ["Logging__Console__FormatterName"] = "simple",
            ["Logging__Console__FormatterOptions__SingleLine"] = "true",
        };
        if (context.Configuration["OTEL_EXPORTER_OTLP_ENDPOINT"] is { Length: > 0 } otlp)
        {
            environment["OTEL_EXPORTER_OTLP_ENDPOINT"] = otlp;
        }
        foreach (var (key, value) in References.SelectMany(r => r.GetReferenceEnvironment()))
        {
            environment[key] = value;
        }
        foreach (var (key, value) in Environment)
        {
            environment[key] = value;
        }
        foreach (var (key, parameter) in ParameterEnvironment)
        {
            environment[key] = parameter.Value;
        }

        Process = ManagedProcess.Start(new ProcessSpec("dotnet", [assembly])
        {
            WorkingDirectory = Path.GetDirectoryName(fullProjectPath),
            Environment = environment,
        }, context.OpenLog(this));
        Endpoints["http"] = url;

        using var http = new HttpClient();
        await Readiness.WaitAsync(this, context, async ct => (await http.GetAsync($"{url}/health", ct)).IsSuccessStatusCode,
            cancellationToken, Process);
    }

    /// <summary>bin/{Configuration}/net10.0/{Project}.dll, in the configuration the AppHost itself was built in.</summary>
    public static string ConventionalOutput(string fullProjectPath)
    {
        var configuration = typeof(ProjectResource).Assembly.GetCustomAttribute<AssemblyConfigurationAttribute>()?.Configuration ?? "Debug";
        return Path.Combine(Path.GetDirectoryName(fullProjectPath)!, "bin", configuration, "net10.0",
            Path.GetFileNameWithoutExtension(fullProjectPath) + ".dll");
    }
}
