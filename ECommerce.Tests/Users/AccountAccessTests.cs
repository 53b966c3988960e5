using System.Net;
using ECommerce.Tests.Harness;

namespace ECommerce.Tests.Users;

[Collection(GraphCollection.Name)]
public sealed class AccountAccessTests(GraphFixture graph)
{
    [Fact]
    public async Task ACustomerReadingAnotherUserGetsNotFound()
    {
        var alice = await graph.Accounts.NewCustomerAsync();
        var bob = await graph.Accounts.NewCustomerAsync();

        await graph.Users.As(alice.Token).GetAsync($"/api/v1/users/{bob.Id}").ExpectProblemAsync(HttpStatusCode.NotFound);
        await graph.Users.As(alice.Token).GetAsync($"/api/v1/users/{bob.Id}/metadata").ExpectProblemAsync(HttpStatusCode.NotFound);
        await graph.Users.As(alice.Token).PatchAsync($"/api/v1/users/{bob.Id}", new { name = "Hijacked" }).ExpectProblemAsync(HttpStatusCode.NotFound);
        // Indistinguishable from an id that does not exist.
        await graph.Users.As(alice.Token).GetAsync($"/api/v1/users/{Guid.NewGuid()}").ExpectProblemAsync(HttpStatusCode.NotFound);

        await graph.Users.As(alice.Token).GetAsync($"/api/v1/users/{alice.Id}").ExpectAsync(HttpStatusCode.OK);
        var asAdmin = await graph.Users.As(await graph.Accounts.AdminTokenAsync()).GetAsync($"/api/v1/users/{bob.Id}").ExpectAsync(HttpStatusCode.OK);
        Assert.Equal(bob.Email, asAdmin.Text("email"));
        Assert.Equal("Test Customer", await graph.ScalarAsync<string>("SELECT name FROM users WHERE user_id = @id", ("id", bob.Id)));
    }

    [Fact]
    public async Task AnOwnerUpdatesTheirProfileAndPreferencesButCannotVerifyThemselves()
    {
        var customer = await graph.Accounts.NewCustomerAsync();
        var users = graph.Users.As(customer.Token);

        var profile = await users.PatchAsync("/api/v1/users/me", new { name = "Renamed" }).ExpectAsync(HttpStatusCode.OK);
        Assert.Equal("Renamed", profile.Text("name"));

        var metadata = await users.PatchAsync("/api/v1/users/me/metadata", new { preferences = new { theme = "dark", sizes = new[] { "M", "L" } } })
            .ExpectAsync(HttpStatusCode.OK);
        Assert.Equal("dark", metadata.GetProperty("preferences").Text("theme"));
        Assert.Equal("active", metadata.Text("account_status"));

        await users.PatchAsync("/api/v1/users/me/metadata", new { verification_status = "verified" }).ExpectProblemAsync(HttpStatusCode.Forbidden);
        await users.PatchAsync("/api/v1/users/me/metadata", new { verification_status = "pending" }).ExpectAsync(HttpStatusCode.OK);
        await users.PatchAsync("/api/v1/users/me/metadata", new { preferences = "not an object" }).ExpectProblemAsync(HttpStatusCode.BadRequest);
        await users.PatchAsync("/api/v1/users/me", new { name = "x", role = "admin" }).ExpectProblemAsync(HttpStatusCode.BadRequest);

        var stored = await users.GetAsync("/api/v1/users/me/metadata").ExpectAsync(HttpStatusCode.OK);
        Assert.Equal("pending", stored.Text("verification_status"));
        Assert.Equal("M", stored.GetProperty("preferences").GetProperty("sizes")[0].GetString());
        Assert.Equal("customer", await graph.ScalarAsync<string>("SELECT role FROM users WHERE user_id = @id", ("id", customer.Id)));
    }

    [Fact]
    public async Task ASuspendedAccountCannotSignInAndTheInternalLookupReportsIt()
    {
        var customer = await graph.Accounts.NewCustomerAsync();
        var admin = graph.Users.As(await graph.Accounts.AdminTokenAsync());

        var status = await graph.UsersAsOrders.GetAsync($"/internal/users/{customer.Id}").ExpectAsync(HttpStatusCode.OK);
        Assert.Equal("active", status.Text("account_status"));

        await admin.PatchAsync($"/api/v1/users/{customer.Id}/metadata", new { account_status = "suspended" }).ExpectAsync(HttpStatusCode.OK);

        // Its tokens stop working at once, everywhere.
        await graph.Users.As(customer.Token).GetAsync("/api/v1/users/me").ExpectProblemAsync(HttpStatusCode.Unauthorized);

        status = await graph.UsersAsOrders.GetAsync($"/internal/users/{customer.Id}").ExpectAsync(HttpStatusCode.OK);
        Assert.Equal("suspended", status.Text("account_status"));
        await graph.Users.PostAsync("/api/v1/auth/login", new { email = customer.Email, password = customer.Password })
            .ExpectProblemAsync(HttpStatusCode.Forbidden);
        await graph.UsersAsOrders.GetAsync($"/internal/users/{Guid.NewGuid()}").ExpectProblemAsync(HttpStatusCode.NotFound);
    }
}
