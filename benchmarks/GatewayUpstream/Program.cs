var builder = WebApplication.CreateSlimBuilder(args);
builder.Logging.ClearProviders();

var app = builder.Build();

// The path the gateway routes to the products service, so the gateway runs its real route table.
app.MapGet("/api/v1/products/ping", () => Results.Json(new { status = "ok" }));

app.Run();
