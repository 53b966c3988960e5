using ECommerce.Orders.Carts;
using ECommerce.Orders.Clients;
using ECommerce.ServiceDefaults;
using ECommerce.ServiceDefaults.Authentication;
using ECommerce.ServiceDefaults.Http;

namespace ECommerce.Orders;

public static class ApplicationServiceExtensions
{
    public static IHostApplicationBuilder AddApplicationServices(this IHostApplicationBuilder builder)
    {
        builder.AddDefaultAuthentication();

        builder.Services.AddHttpClient<ProductsClient>(http => http.BaseAddress = new Uri($"http://{ResourceNames.Products}"));
        builder.Services.AddHttpClient<UsersClient>(http => http.BaseAddress = new Uri($"http://{ResourceNames.Users}"));
        builder.Services.Configure<CartOptions>(builder.Configuration.GetSection(CartOptions.SectionName));
        builder.Services.AddSingleton<CartStore>();
        builder.Services.AddValidatorsFromAssemblyContaining<PutCartItemRequestValidator>();
        return builder;
    }
}
