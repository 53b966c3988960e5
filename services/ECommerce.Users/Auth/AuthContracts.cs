using System.Text.Json.Serialization;

namespace ECommerce.Users.Auth;

[JsonUnmappedMemberHandling(JsonUnmappedMemberHandling.Disallow)]
public sealed record LoginRequest(string Email, string Password);

public sealed record LoginResponse(string AccessToken, string TokenType, int ExpiresIn, DateTimeOffset ExpiresAt);
