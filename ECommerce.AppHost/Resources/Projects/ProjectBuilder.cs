using System.Diagnostics;
using System.Reflection;
using ECommerce.AppHost.Hosting;

namespace ECommerce.AppHost.Resources.Projects;

/// <summary>A resource run from a project of the solution: a service, a function.</summary>
public interface IResourceWithProject
{
    /// <summary>Relative to the repository root.</summary>
    string ProjectPath { get; }

    /// <summary>The built assembly, set by the one build of all projects (or by convention when tests built them).</summary>
    string? AssemblyPath { get; set; }
}

/// <summary>
/// Builds every project resource in one MSBuild invocation (shared dependencies once, in parallel) and records
/// each one's output assembly, so the AppHost runs exactly what was built.
/// </summary>
public static class ProjectBuilder
{
    public static async Task BuildAsync(IReadOnlyList<IResourceWithProject> projects, ResourceContext context, CancellationToken cancellationToken)
    {
        if (projects.Count == 0 || !context.Options.BuildProjects)
        {
            return;
        }
        var configuration = typeof(ProjectBuilder).Assembly.GetCustomAttribute<AssemblyConfigurationAttribute>()?.Configuration ?? "Debug";
        var work = Path.Combine(context.Options.DataDirectory, "build");
        Directory.CreateDirectory(work);
        var traversal = Path.Combine(work, "projects.proj");
        var outputs = Path.Combine(work, "outputs.txt");
        // Two resources may run one project (a function with two event sources, say): it is built once.
        var items = string.Join("\n", projects.Select(p => Path.GetFullPath(Path.Combine(context.Options.RepositoryRoot, p.ProjectPath))).Distinct()
            .Select(path => $"    <ProjectToBuild Include=\"{path}\" />"));
        await File.WriteAllTextAsync(traversal, $"""
            <Project>
              <ItemGroup>
            {items}
              </ItemGroup>
              <Target Name="Build">
                <MSBuild Projects="@(ProjectToBuild)" Targets="Build" BuildInParallel="true" Properties="Configuration={configuration}">
                  <Output TaskParameter="TargetOutputs" ItemName="Built" />
                </MSBuild>
                <WriteLinesToFile File="{outputs}" Lines="@(Built->'%(MSBuildSourceProjectFile)|%(FullPath)')" Overwrite="true" />
              </Target>
              <Target Name="Restore">
                <MSBuild Projects="@(ProjectToBuild)" Targets="Restore" />
              </Target>
            </Project>
            """, cancellationToken);

        context.Progress.Report($"building {projects.Count} project(s) ({configuration})");
        var clock = Stopwatch.StartNew();
        var info = new ProcessStartInfo("dotnet", ["build", traversal, "-nologo", "-v:q", "-clp:ErrorsOnly"])
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        using var build = Process.Start(info)!;
        var output = build.StandardOutput.ReadToEndAsync(cancellationToken);
        var errors = build.StandardError.ReadToEndAsync(cancellationToken);
        await build.WaitForExitAsync(cancellationToken);
        if (build.ExitCode != 0)
        {
            throw new ResourceStartException($"The build of the project resources failed:\n{await output}{await errors}");
        }
        context.Progress.Report($"build done ({clock.Elapsed.TotalSeconds:0.0} s)");

        var built = (await File.ReadAllLinesAsync(outputs, cancellationToken))
            .Select(line => line.Split('|'))
            .DistinctBy(parts => Path.GetFullPath(parts[0]))
            .ToDictionary(parts => Path.GetFullPath(parts[0]), parts => parts[1]);
        foreach (var project in projects)
        {
            project.AssemblyPath = built.GetValueOrDefault(Path.GetFullPath(Path.Combine(context.Options.RepositoryRoot, project.ProjectPath)));
        }
    }
}
