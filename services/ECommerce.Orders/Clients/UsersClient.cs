using ECommerce.ServiceDefaults.Http;

namespace ECommerce.Orders.Clients;

public sealed record UserStatus(Guid Id, string Role, string AccountStatus);

/// <summary>The users service, through service discovery (<c>http://users</c>).</summary>
public sealed class UsersClient(HttpClient http)
{
    public Task<UserStatus?> FindAsync(Guid userId, CancellationToken cancellationToken) =>
        http.GetOrNullAsync<UserStatus>($"/internal/users/{userId}", cancellationToken);
}
