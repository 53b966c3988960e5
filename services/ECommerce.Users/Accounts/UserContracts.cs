using System.Text.Json;
using System.Text.Json.Serialization;
using ECommerce.Users.Data;

namespace ECommerce.Users.Accounts;

// Request bodies refuse properties they do not declare: a "role" or "id" smuggled into a registration is a 400,
// not silently ignored.

[JsonUnmappedMemberHandling(JsonUnmappedMemberHandling.Disallow)]
public sealed record RegisterUserRequest(string Email, string Name, string Password);

[JsonUnmappedMemberHandling(JsonUnmappedMemberHandling.Disallow)]
public sealed record UpdateProfileRequest(string? Name);

[JsonUnmappedMemberHandling(JsonUnmappedMemberHandling.Disallow)]
public sealed record UpdateMetadataRequest(JsonElement? Preferences, string? AccountStatus, string? VerificationStatus);

public sealed record UserResponse(Guid Id, string Email, string Name, string Role, DateTimeOffset CreatedAt, DateTimeOffset UpdatedAt)
{
    public static UserResponse From(User user) => new(user.Id, user.Email, user.Name, user.Role, user.CreatedAt, user.UpdatedAt);
}

public sealed record UserMetadataResponse(Guid UserId, JsonElement Preferences, string AccountStatus, string VerificationStatus, DateTimeOffset UpdatedAt)
{
    public static UserMetadataResponse From(UserMetadata metadata)
    {
        using var preferences = JsonDocument.Parse(metadata.Preferences);
        return new(metadata.UserId, preferences.RootElement.Clone(), metadata.AccountStatus, metadata.VerificationStatus, metadata.UpdatedAt);
    }
}
