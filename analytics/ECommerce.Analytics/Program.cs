using ECommerce.Analytics;
using ECommerce.Analytics.Exports;
using ECommerce.ServiceDefaults;

// `rebuild yyyy-MM-dd` writes a past day's S3 exports again; anything else runs the service.
if (RebuildCommand.Matches(args, out var day))
{
    return await RebuildCommand.RunAsync(day);
}

var builder = WebApplication.CreateBuilder(args);

builder.AddServiceDefaults();
builder.AddAnalytics();

var app = builder.Build();

app.UseServiceDefaults();
app.MapDefaultEndpoints();

await app.RunAsync();
return 0;
