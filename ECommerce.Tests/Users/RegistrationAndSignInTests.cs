using System.Net;
using ECommerce.Tests.Harness;

namespace ECommerce.Tests.Users;

[Collection(GraphCollection.Name)]
public sealed class RegistrationAndSignInTests(GraphFixture graph)
{
    private const string Password = Accounts.Password;

    [Fact]
    public async Task ARegisteredUserSignsInReadsTheirAccountSignsOutAndTheOldTokenIsRefused()
    {
        var email = $"Ann.{Guid.NewGuid():N}@Example.com";
        var registered = await graph.Users.PostAsync("/api/v1/users", new { email, name = "Ann", password = Password })
            .ExpectAsync(HttpStatusCode.Created);
        Assert.Equal("customer", registered.Text("role"));
        Assert.False(registered.TryGetProperty("password_hash", out _));
        Assert.False(registered.TryGetProperty("password", out _));

        // The email matches whatever its case.
        var token = await graph.Accounts.LoginAsync(email.ToLowerInvariant(), Password);
        var me = await graph.Users.As(token).GetAsync("/api/v1/users/me").ExpectAsync(HttpStatusCode.OK);
        Assert.Equal(registered.Id(), me.Id());
        Assert.Equal(email, me.Text("email"));

        await graph.Users.As(token).PostAsync("/api/v1/auth/logout").ExpectAsync(HttpStatusCode.NoContent);
        await graph.Users.As(token).GetAsync("/api/v1/users/me").ExpectProblemAsync(HttpStatusCode.Unauthorized);
        // Every service checks the session, not only the one that ended it.
        await graph.Products.As(token).PostAsync("/api/v1/categories", new { name = "x" }).ExpectProblemAsync(HttpStatusCode.Unauthorized);
    }

    [Fact]
    public async Task TheSameEmailInAnotherCaseIsAConflictAndStoresNothing()
    {
        var email = $"dup.{Guid.NewGuid():N}@example.com";
        await graph.Users.PostAsync("/api/v1/users", new { email, name = "First", password = Password }).ExpectAsync(HttpStatusCode.Created);
        await graph.Users.PostAsync("/api/v1/users", new { email = email.ToUpperInvariant(), name = "Second", password = Password })
            .ExpectProblemAsync(HttpStatusCode.Conflict);

        Assert.Equal(1L, await graph.ScalarAsync<long>("SELECT count(*) FROM users WHERE normalized_email = upper(@email)", ("email", email)));
    }

    [Fact]
    public async Task ConcurrentRegistrationsOfOneEmailCreateOneAccount()
    {
        var email = $"race.{Guid.NewGuid():N}@example.com";
        var attempts = await Task.WhenAll(Enumerable.Range(0, 8).Select(async _ =>
        {
            using var response = await graph.Users.PostAsync("/api/v1/users", new { email, name = "Racer", password = Password });
            return response.StatusCode;
        }));

        Assert.Equal(1, attempts.Count(s => s == HttpStatusCode.Created));
        Assert.Equal(7, attempts.Count(s => s == HttpStatusCode.Conflict));
    }

    [Fact]
    public async Task InvalidFieldsAreA400NamingEachFieldAndStoreNothing()
    {
        var email = $"not-an-email-{Guid.NewGuid():N}";
        var problem = await graph.Users.PostAsync("/api/v1/users", new { email, name = "", password = "short" })
            .ExpectProblemAsync(HttpStatusCode.BadRequest);

        var errors = problem.GetProperty("errors");
        Assert.True(errors.TryGetProperty("email", out _));
        Assert.True(errors.TryGetProperty("name", out _));
        Assert.Contains("12", errors.GetProperty("password")[0].GetString());
        Assert.Equal(0L, await graph.ScalarAsync<long>("SELECT count(*) FROM users WHERE email = @email", ("email", email)));
    }

    [Fact]
    public async Task NobodyRegistersAsAnAdministrator()
    {
        var email = $"mallory.{Guid.NewGuid():N}@example.com";
        var problem = await graph.Users.PostAsync("/api/v1/users", new { email, name = "Mallory", password = Password, role = "admin" })
            .ExpectProblemAsync(HttpStatusCode.BadRequest);

        Assert.Contains("role", problem.Text("detail"));
        Assert.DoesNotContain("ECommerce", problem.ToString());
        Assert.Equal(0L, await graph.ScalarAsync<long>("SELECT count(*) FROM users WHERE email = @email", ("email", email)));
    }

    [Fact]
    public async Task AWrongPasswordIsRefusedAndRepeatedFailuresLockTheAccount()
    {
        var customer = await graph.Accounts.NewCustomerAsync();
        for (var attempt = 1; attempt < 5; attempt++)
        {
            await graph.Users.PostAsync("/api/v1/auth/login", new { email = customer.Email, password = "wrong password!" })
                .ExpectProblemAsync(HttpStatusCode.Unauthorized);
        }
        // The fifth failure locks the account ...
        await graph.Users.PostAsync("/api/v1/auth/login", new { email = customer.Email, password = "wrong password!" })
            .ExpectProblemAsync(HttpStatusCode.TooManyRequests);

        // ... and then even the right password waits.
        using var locked = await graph.Users.PostAsync("/api/v1/auth/login", new { email = customer.Email, password = customer.Password });
        Assert.Equal(HttpStatusCode.TooManyRequests, locked.StatusCode);
        Assert.True(locked.Headers.RetryAfter?.Delta > TimeSpan.FromMinutes(10), $"Retry-After: {locked.Headers.RetryAfter}");

        // The token issued before the lock stays valid: locking stops new sign-ins only.
        await graph.Users.As(customer.Token).GetAsync("/api/v1/users/me").ExpectAsync(HttpStatusCode.OK);
    }

    [Fact]
    public async Task AnUnknownEmailGetsTheSameAnswerAsAWrongPassword()
    {
        var problem = await graph.Users.PostAsync("/api/v1/auth/login", new { email = $"nobody.{Guid.NewGuid():N}@example.com", password = Password })
            .ExpectProblemAsync(HttpStatusCode.Unauthorized);
        Assert.Equal("The email or password is not correct.", problem.Text("detail"));
    }

    [Fact]
    public async Task ATokenWithAForgedSignatureIsRefused()
    {
        var customer = await graph.Accounts.NewCustomerAsync();
        var parts = customer.Token.Split('.');
        var forged = $"{parts[0]}.{parts[1]}.{new string('A', parts[2].Length)}";
        await graph.Users.As(forged).GetAsync("/api/v1/users/me").ExpectProblemAsync(HttpStatusCode.Unauthorized);
    }
}
