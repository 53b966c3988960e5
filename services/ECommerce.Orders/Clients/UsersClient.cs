using System.Net;
using ECommerce.Contracts;

namespace ECommerce.Orders.Clients;

public sealed record UserStatus(Guid Id, string Role, string AccountStatus);

/// <summary>The users service, through service discovery (<c>http://users</c>).</summary>
public sealed class UsersClient(HttpClient http)
{
    public async Task<UserStatus?> FindAsync(Guid userId, CancellationToken cancellationToken)
    {
        using var response = await http.GetAsync($"/internal/users/{userId}", cancellationToken);
        if (response.StatusCode == HttpStatusCode.NotFound)
        {
            return null;
        }
        response.EnsureSuccessStatusCode();
        return await response.Content.ReadFromJsonAsync<UserStatus>(ContractJson.Options, cancellationToken);
    }
}
