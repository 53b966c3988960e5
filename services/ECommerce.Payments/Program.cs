using ECommerce.Payments;
using ECommerce.Payments.Payments;
using ECommerce.ServiceDefaults;

var builder = WebApplication.CreateBuilder(args);

builder.AddServiceDefaults();
builder.AddApplicationServices();

var app = builder.Build();

app.UseServiceDefaults();
app.MapDefaultEndpoints();

app.MapPaymentsApi();

app.Run();
