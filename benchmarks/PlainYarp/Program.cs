using Yarp.ReverseProxy.Configuration;

var builder = WebApplication.CreateSlimBuilder(args);
builder.Logging.ClearProviders();
builder.Services.AddReverseProxy().LoadFromMemory(
    [new RouteConfig { RouteId = "products", ClusterId = "products", Match = new RouteMatch { Path = "/api/v1/products/{**rest}" } }],
    [new ClusterConfig
    {
        ClusterId = "products",
        Destinations = new Dictionary<string, DestinationConfig> { ["products"] = new() { Address = builder.Configuration["Upstream"]! } },
    }]);

var app = builder.Build();
app.MapReverseProxy();
app.Run();
