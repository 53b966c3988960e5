using Microsoft.AspNetCore.Http.HttpResults;

namespace ECommerce.Tests.ProbeService;

public static class ProbeApi
{
    public sealed record EchoResponse(string Service, int Status, string? Body);

    public static RouteGroupBuilder MapProbeApi(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/probe");
        // Calls another service by its logical name, as real services call each other: http://{name}/alive.
        group.MapGet("/call/{service}", async Task<Results<Ok<EchoResponse>, ProblemHttpResult>> (string service, IHttpClientFactory clients, CancellationToken ct) =>
        {
            try
            {
                using var response = await clients.CreateClient().GetAsync($"http://{service}/alive", ct);
                return TypedResults.Ok(new EchoResponse(service, (int)response.StatusCode, await response.Content.ReadAsStringAsync(ct)));
            }
            catch (HttpRequestException exception)
            {
                return TypedResults.Problem(exception.Message, statusCode: StatusCodes.Status502BadGateway);
            }
        });
        return group;
    }
}
