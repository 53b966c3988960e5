using ECommerce.Gateway;
using ECommerce.Gateway.Correlation;
using ECommerce.Gateway.OpenApi;
using ECommerce.Gateway.Security;
using ECommerce.ServiceDefaults;

var builder = WebApplication.CreateBuilder(args);

builder.AddServiceDefaults();
builder.AddGatewayServices();

var app = builder.Build();

// Order matters: the id first (every response carries it), errors as ProblemDetails around everything, then who
// the caller is, how fast they may go (by user once known), and what they may reach.
app.UseCorrelationId();
app.UseExceptionHandler();
app.UseStatusCodePages();
app.UseCors();
app.UseAuthentication();
app.UseRateLimiter();
app.UseRejectionOfInvalidTokens();
app.UseSessionAttestation();
app.UseAuthorization();

app.MapDefaultEndpoints();
app.MapOpenApiIndex();
app.MapApiReference();
app.MapGatewayProxy();

app.Run();
