namespace ECommerce.ServiceDefaults.Authentication;

public static class Roles
{
    public const string Customer = "customer";
    public const string Admin = "admin";
}

/// <summary>Authorization policy names every service understands.</summary>
public static class Policies
{
    public const string Admin = "admin";
}

/// <summary>Claim names in the access token.</summary>
public static class TokenClaims
{
    public const string Subject = "sub";
    public const string Role = "role";
    public const string SessionId = "sid";
    public const string Email = "email";
    public const string Name = "name";
}
