using ECommerce.Orders;
using ECommerce.Orders.Carts;
using ECommerce.Orders.Documents;
using ECommerce.Orders.Orders;
using ECommerce.ServiceDefaults;

var builder = WebApplication.CreateBuilder(args);

builder.AddServiceDefaults();
builder.AddApplicationServices();

var app = builder.Build();

app.UseServiceDefaults();
app.MapDefaultEndpoints();

app.MapCartsApi();
app.MapOrdersApi();
app.MapOrderDocumentsApi();
app.MapInternalOrdersApi();

app.Run();
