using Microsoft.Extensions.Configuration;

namespace ECommerce.ServiceDefaults;

public static class ConnectionStringExtensions
{
    /// <summary>The connection string of a referenced resource, or an error that says how to provide it.</summary>
    public static string RequireConnectionString(this IConfiguration configuration, string connectionName) =>
        configuration.GetConnectionString(connectionName) is { Length: > 0 } value
            ? value
            : throw new InvalidOperationException(
                $"ConnectionStrings:{connectionName} is not set. Run the service under the AppHost, or set ConnectionStrings__{connectionName}.");
}
