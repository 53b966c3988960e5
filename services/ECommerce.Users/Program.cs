using ECommerce.ServiceDefaults;
using ECommerce.Clients.Postgres;
using ECommerce.Users;
using ECommerce.Users.Accounts;
using ECommerce.Users.Auth;
using ECommerce.Users.Data;
using ECommerce.Users.Internal;

var builder = WebApplication.CreateBuilder(args);

builder.AddServiceDefaults();
builder.AddApplicationServices();

var app = builder.Build();

app.UseServiceDefaults();
app.MapDefaultEndpoints();

await app.MigrateDbContextAsync<UsersDbContext>();
await app.SeedAdministratorAsync();

app.MapAuthApi();
app.MapUsersApi();
app.MapInternalUsersApi();

app.Run();
