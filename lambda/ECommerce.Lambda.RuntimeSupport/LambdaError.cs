using System.Text.Json.Serialization;

namespace ECommerce.Lambda.RuntimeSupport;

/// <summary>The error document of the Runtime API's error calls: errorMessage, errorType, stackTrace.</summary>
public sealed class LambdaError
{
    [JsonPropertyName("errorMessage")]
    public string ErrorMessage { get; set; } = "";

    [JsonPropertyName("errorType")]
    public string ErrorType { get; set; } = "";

    [JsonPropertyName("stackTrace")]
    public List<string> StackTrace { get; set; } = [];

    public static LambdaError From(Exception exception) => new()
    {
        ErrorMessage = exception.Message,
        ErrorType = exception.GetType().Name,
        StackTrace = exception.StackTrace?.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).ToList() ?? [],
    };
}
