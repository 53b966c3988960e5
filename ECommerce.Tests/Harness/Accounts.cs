using System.Net;

namespace ECommerce.Tests.Harness;

public sealed record Customer(Guid Id, string Email, string Password, string Token);

/// <summary>Signs people in against the users service: fresh customers per test, and the configured administrator.</summary>
public sealed class Accounts(ServiceClient users, string adminEmail, string adminPassword)
{
    public const string Password = "correct horse battery staple";

    public async Task<Customer> NewCustomerAsync(string name = "Test Customer")
    {
        var email = $"customer-{Guid.NewGuid():N}@example.com";
        var user = await users.PostAsync("/api/v1/users", new { email, name, password = Password }).ExpectAsync(HttpStatusCode.Created);
        return new Customer(user.Id(), email, Password, await LoginAsync(email, Password));
    }

    public Task<string> AdminTokenAsync() => LoginAsync(adminEmail, adminPassword);

    public async Task<string> LoginAsync(string email, string password)
    {
        var login = await users.PostAsync("/api/v1/auth/login", new { email, password }).ExpectAsync(HttpStatusCode.OK);
        return login.Text("access_token");
    }
}
