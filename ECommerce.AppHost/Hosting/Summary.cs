namespace ECommerce.AppHost.Hosting;

/// <summary>The table a person reads once everything is ready.</summary>
public static class Summary
{
    public static void Print(IReadOnlyList<Resource> resources, AppHostOptions options, Progress progress)
    {
        var nameWidth = Math.Max(8, resources.Max(r => r.Name.Length));
        var kindWidth = Math.Max(4, resources.Max(r => r.Kind.Length));
        progress.Report("");
        progress.Report($"{"resource".PadRight(nameWidth)}  {"kind".PadRight(kindWidth)}  {"state",-8}  {"pid",7}  endpoints");
        foreach (var resource in resources)
        {
            var endpoints = resource.Endpoints.Count == 0 ? "-" : string.Join("  ", resource.Endpoints.Select(e => $"{e.Key}={e.Value}"));
            var pid = resource.ProcessSummary;
            progress.Report($"{resource.Name.PadRight(nameWidth)}  {resource.Kind.PadRight(kindWidth)}  {resource.State.ToString().ToLowerInvariant(),-8}  {pid,7}  {endpoints}");
        }
        progress.Report("");
        progress.Report($"graph state: {options.StateFile}");
        progress.Report($"logs:        {options.LogDirectory}");
    }
}
