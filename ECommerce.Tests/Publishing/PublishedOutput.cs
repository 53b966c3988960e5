using System.Diagnostics;
using System.Reflection;
using Aspire.Hosting.ApplicationModel;
using Aspire.Hosting.Testing;
using ECommerce.AppHost.Publishing;
using ECommerce.Tests.Harness;
using Microsoft.Extensions.Configuration;

namespace ECommerce.Tests.Publishing;

/// <summary>
/// Publishes the AppHost's model: the way an operator does (the built AppHost run with Aspire's publish operation,
/// as <c>./publish.sh</c> and <c>aspire publish</c> run it), or in-process from a model a test changed first.
/// </summary>
public static class PublishedOutput
{
    private static readonly string Configuration =
        typeof(PublishedOutput).Assembly.GetCustomAttribute<AssemblyConfigurationAttribute>()?.Configuration ?? "Debug";

    public static async Task<string> PublishAsync()
    {
        var output = Directory.CreateTempSubdirectory("ecommerce-publish-").FullName;
        var result = await ToolRun.RunAsync("dotnet", ["run", "--project", Path.Combine(GraphFixture.RepositoryRoot, "ECommerce.AppHost"),
            "-c", Configuration, "--no-build", "--no-launch-profile", "--", "--operation", "publish", "--step", "publish", "--output-path", output]);
        Assert.True(result.ExitCode == 0, $"publish failed: {result}");
        return output;
    }

    /// <summary>The files a publish of the AppHost's model writes after <paramref name="change"/> edited the model.</summary>
    public static async Task<IReadOnlyDictionary<string, string>> PublishChangedModelAsync(Action<IDistributedApplicationTestingBuilder> change)
    {
        // The model in publish mode, never built into an application: a built one would run the publish pipeline itself.
        var builder = await DistributedApplicationTestingBuilder.CreateAsync<Projects.ECommerce_AppHost>(["--operation", "publish"]);
        change(builder);
        var files = await CloudPublishingExtensions.WriteFilesAsync(new DistributedApplicationModel(builder.Resources), builder.ExecutionContext,
            CloudTarget.From(new ConfigurationBuilder().Build()), GraphFixture.RepositoryRoot, CancellationToken.None);
        return files.Files;
    }

    public static IEnumerable<string> RelativeFiles(string root) =>
        Directory.EnumerateFiles(root, "*", SearchOption.AllDirectories).Select(f => Path.GetRelativePath(root, f)).Order(StringComparer.Ordinal);
}

/// <summary>Runs a command line tool to its end.</summary>
public static class ToolRun
{
    public sealed record Result(int ExitCode, string Output, string Error)
    {
        public override string ToString() => $"exit {ExitCode}\n{Output}\n{Error}";
    }

    public static async Task<Result> RunAsync(string command, IEnumerable<string> arguments, string? workingDirectory = null)
    {
        var start = new ProcessStartInfo(command) { RedirectStandardOutput = true, RedirectStandardError = true, WorkingDirectory = workingDirectory ?? "" };
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }
        using var process = Process.Start(start) ?? throw new InvalidOperationException($"{command} did not start");
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        using var limit = new CancellationTokenSource(TimeSpan.FromMinutes(3));
        await process.WaitForExitAsync(limit.Token);
        return new Result(process.ExitCode, await output, await error);
    }

    /// <summary>The tool, or a failed test that says how to install it.</summary>
    public static string Require(string command, string install)
    {
        var found = (Environment.GetEnvironmentVariable("PATH") ?? "").Split(':', StringSplitOptions.RemoveEmptyEntries)
            .Select(dir => Path.Combine(dir, command)).FirstOrDefault(File.Exists);
        Assert.True(found is not null, $"{command} is not installed: {install}");
        return found!;
    }
}
