using System.Net;
using ECommerce.Tests.Harness;

namespace ECommerce.Tests.Gateway;

/// <summary>
/// The internal APIs answer only the services the graph lets call them, by each caller's own key — being on the
/// network is not enough, and neither is a user's token, even an administrator's.
/// </summary>
[Collection(GraphCollection.Name)]
public sealed class InternalApiCredentialTests(GraphFixture graph)
{
    [Fact]
    public async Task AnInternalCallWithoutACredentialOrWithAWrongOneIsA401()
    {
        var customer = await graph.Accounts.NewCustomerAsync();
        var admin = await graph.Accounts.AdminTokenAsync();
        foreach (var (service, path) in InternalReads(customer.Id))
        {
            foreach (var caller in new[] { service, service.AsService("not-the-key"), service.As(admin) })
            {
                using var response = await caller.GetAsync(path);
                Assert.Equal("Service", Assert.Single(response.Headers.WwwAuthenticate).Scheme);
                await Task.FromResult(response).ExpectProblemAsync(HttpStatusCode.Unauthorized);
            }
        }
    }

    [Fact]
    public async Task AServiceMayCallOnlyTheInternalApisItIsGiven()
    {
        var customer = await graph.Accounts.NewCustomerAsync();
        var reservation = $"/internal/stock/reservations/{Guid.NewGuid()}";

        // Payments calls orders, not products or users; orders calls users and products, not itself. A service knows
        // only its own callers' keys, so another service's key is as unknown to it as a made-up one.
        await graph.Products.AsService(graph.PaymentsServiceKey).GetAsync(reservation).ExpectProblemAsync(HttpStatusCode.Unauthorized);
        await graph.Users.AsService(graph.PaymentsServiceKey).GetAsync($"/internal/users/{customer.Id}").ExpectProblemAsync(HttpStatusCode.Unauthorized);
        await graph.Orders.AsService(graph.OrdersServiceKey).GetAsync($"/internal/orders/{Guid.NewGuid()}").ExpectProblemAsync(HttpStatusCode.Unauthorized);

        Assert.Equal("active", (await graph.UsersAsOrders.GetAsync($"/internal/users/{customer.Id}").ExpectAsync(HttpStatusCode.OK)).Text("account_status"));
        await graph.ProductsAsOrders.GetAsync(reservation).ExpectProblemAsync(HttpStatusCode.NotFound);
        await graph.OrdersAsPayments.GetAsync($"/internal/orders/{Guid.NewGuid()}").ExpectProblemAsync(HttpStatusCode.NotFound);
    }

    private IEnumerable<(ServiceClient Service, string Path)> InternalReads(Guid userId) =>
    [
        (graph.Users, $"/internal/users/{userId}"),
        (graph.Products, $"/internal/stock/reservations/{Guid.NewGuid()}"),
        (graph.Orders, $"/internal/orders/{Guid.NewGuid()}"),
    ];
}
