using Microsoft.AspNetCore.Http;

namespace ECommerce.ServiceDefaults.Http;

public static class ProblemResponses
{
    /// <summary>Answers with a ProblemDetails of the given status, for exception handlers.</summary>
    public static async ValueTask<bool> WriteProblemAsync(this IProblemDetailsService problemDetails, HttpContext httpContext,
        int status, string title, string detail)
    {
        httpContext.Response.StatusCode = status;
        return await problemDetails.TryWriteAsync(new ProblemDetailsContext
        {
            HttpContext = httpContext,
            ProblemDetails = { Status = status, Title = title, Detail = detail },
        });
    }
}
