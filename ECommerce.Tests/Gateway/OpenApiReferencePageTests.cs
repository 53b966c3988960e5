extern alias gateway;
using System.Net;
using gateway::ECommerce.Gateway.OpenApi;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;

namespace ECommerce.Tests.Gateway;

/// <summary>
/// Whether the gateway serves its interactive API page, in each environment: a web application on Kestrel with the
/// gateway's own mapping and nothing else (the graph's gateway runs in Development, so only this shows Production).
/// </summary>
public sealed class OpenApiReferencePageTests
{
    [Theory]
    [InlineData("Development", HttpStatusCode.OK)]
    [InlineData("Production", HttpStatusCode.NotFound)]
    [InlineData("Staging", HttpStatusCode.NotFound)]
    public async Task TheInteractiveApiPageIsServedInDevelopmentOnly(string environment, HttpStatusCode expected)
    {
        var builder = WebApplication.CreateBuilder(new WebApplicationOptions { EnvironmentName = environment });
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        await using var app = builder.Build();
        app.MapApiReference();
        await app.StartAsync();
        try
        {
            using var http = new HttpClient { BaseAddress = new Uri(app.Urls.Single()) };
            using var page = await http.GetAsync(OpenApiDocuments.ApiReferencePath + "/");
            using var script = await http.GetAsync(OpenApiDocuments.ApiReferencePath + "/scalar.js");

            Assert.Equal(expected, page.StatusCode);
            Assert.Equal(expected, script.StatusCode);
        }
        finally
        {
            await app.StopAsync();
        }
    }
}
