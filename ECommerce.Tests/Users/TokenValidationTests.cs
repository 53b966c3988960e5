using System.Globalization;
using System.Net;
using Amazon.DynamoDBv2.Model;
using ECommerce.ServiceDefaults;
using ECommerce.Tests.Harness;

namespace ECommerce.Tests.Users;

/// <summary>Every way a token can be wrong is refused with the same 401, by every service that validates tokens.</summary>
[Collection(GraphCollection.Name)]
public sealed class TokenValidationTests(GraphFixture graph)
{
    [Fact]
    public async Task TheServicesAcceptAProperlyMintedTokenOfAnOpenSession()
    {
        var customer = await graph.Accounts.NewCustomerAsync();
        var token = graph.Tokens.Create(customer.Id, TestTokens.SessionOf(customer.Token));
        await graph.Users.As(token).GetAsync("/api/v1/users/me").ExpectAsync(HttpStatusCode.OK);
    }

    [Fact]
    public async Task UnsignedForgedMisaddressedAndExpiredTokensAreRefused()
    {
        var customer = await graph.Accounts.NewCustomerAsync();
        var session = TestTokens.SessionOf(customer.Token);
        var refused = new Dictionary<string, string>
        {
            ["alg none"] = TestTokens.Unsigned(customer.Id, session, "admin"),
            ["another key"] = graph.Tokens.Create(customer.Id, session, role: "admin", keyOverride: new string('k', 48)),
            ["another issuer"] = graph.Tokens.Create(customer.Id, session, issuerOverride: "https://attacker.example"),
            ["another audience"] = graph.Tokens.Create(customer.Id, session, audienceOverride: "another-api"),
            ["expired beyond the clock skew"] = graph.Tokens.Create(customer.Id, session, expires: DateTime.UtcNow.AddMinutes(-2)),
            ["another user's session"] = graph.Tokens.Create(Guid.NewGuid(), session),
            ["no session"] = graph.Tokens.Create(customer.Id, "no-such-session"),
            ["not a token"] = "not.a.token",
        };

        foreach (var (why, token) in refused)
        {
            using var users = await graph.Users.As(token).GetAsync("/api/v1/users/me");
            Assert.True(users.StatusCode == HttpStatusCode.Unauthorized, $"{why}: users answered {(int)users.StatusCode}");
            using var products = await graph.Products.As(token).PostAsync("/api/v1/categories", new { name = "x" });
            Assert.True(products.StatusCode == HttpStatusCode.Unauthorized, $"{why}: products answered {(int)products.StatusCode}");
        }
    }

    [Fact]
    public async Task ATokenWhoseSessionHasExpiredIsRefusedEvenBeforeDynamoDbDeletesIt()
    {
        var customer = await graph.Accounts.NewCustomerAsync();
        var session = $"expired-{Guid.NewGuid():N}";
        using var dynamoDb = graph.DynamoDb.CreateClient();
        await dynamoDb.PutItemAsync(new PutItemRequest
        {
            TableName = DynamoDbTables.Sessions,
            Item = new Dictionary<string, AttributeValue>
            {
                ["session_id"] = new() { S = session },
                ["user_id"] = new() { S = customer.Id.ToString() },
                ["expires_at"] = new() { N = DateTimeOffset.UtcNow.AddMinutes(-1).ToUnixTimeSeconds().ToString(CultureInfo.InvariantCulture) },
            },
        });

        await graph.Users.As(graph.Tokens.Create(customer.Id, session)).GetAsync("/api/v1/users/me").ExpectProblemAsync(HttpStatusCode.Unauthorized);
    }
}
