using System.Net;
using System.Net.Http.Json;
using ECommerce.Contracts;

namespace ECommerce.ServiceDefaults.Http;

public static class ServiceHttpClientExtensions
{
    /// <summary>GETs a resource of another service: its JSON body, null for a 404, an exception for anything else.</summary>
    public static async Task<T?> GetOrNullAsync<T>(this HttpClient http, string path, CancellationToken cancellationToken) where T : class
    {
        using var response = await http.GetAsync(path, cancellationToken);
        if (response.StatusCode == HttpStatusCode.NotFound)
        {
            return null;
        }
        response.EnsureSuccessStatusCode();
        return await response.Content.ReadFromJsonAsync<T>(ContractJson.Options, cancellationToken);
    }
}
