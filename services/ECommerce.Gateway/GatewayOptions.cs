namespace ECommerce.Gateway;

/// <summary>The <c>Gateway</c> section.</summary>
public sealed class GatewayOptions
{
    public const string SectionName = "Gateway";

    /// <summary>Request bodies beyond this are refused with 413 before they reach a service.</summary>
    public long MaxRequestBodyBytes { get; set; } = 1024 * 1024;

    /// <summary>Product image uploads: the service's own 5 MiB limit plus the multipart envelope.</summary>
    public long MaxImageUploadBytes { get; set; } = 5 * 1024 * 1024 + 64 * 1024;

    /// <summary>How long an upstream may stay silent before the gateway answers 504.</summary>
    public TimeSpan UpstreamTimeout { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>Browser origins allowed to call the API (CORS); none by default.</summary>
    public string[] AllowedOrigins { get; set; } = [];
}
