using System.Reflection;

namespace ECommerce.AppHost.Hosting;

/// <summary>
/// Lets a test run the AppHost's own Program.cs and take the builder it fills, just before Build(), the way
/// Aspire.Hosting.Testing does. The test then adds or adjusts resources and builds the application itself.
/// </summary>
public static class DistributedApplicationFactory
{
    private static readonly AsyncLocal<Capture?> Current = new();

    public static async Task<DistributedApplicationBuilder> CreateBuilderAsync(Assembly appHostAssembly, string[] args)
    {
        var entryPoint = appHostAssembly.EntryPoint
            ?? throw new InvalidOperationException($"{appHostAssembly.GetName().Name} has no entry point.");
        var capture = new Capture();
        await Task.Run(() =>
        {
            Current.Value = capture;
            try
            {
                var result = entryPoint.Invoke(null, entryPoint.GetParameters().Length == 0 ? [] : [args]);
                if (result is Task task)
                {
                    task.GetAwaiter().GetResult();
                }
            }
            catch (Exception exception) when (exception.GetBaseException() is BuilderCapturedException)
            {
                // Expected: Build() stopped the entry point once the graph was declared.
            }
        });
        return capture.Builder
            ?? throw new InvalidOperationException("The AppHost's entry point returned without calling Build().");
    }

    internal static bool TryCapture(DistributedApplicationBuilder builder)
    {
        var capture = Current.Value;
        if (capture is null || capture.Builder is not null)
        {
            return false;
        }
        capture.Builder = builder;
        return true;
    }

    internal sealed class BuilderCapturedException : Exception;

    private sealed class Capture
    {
        public DistributedApplicationBuilder? Builder { get; set; }
    }
}
