using ECommerce.ServiceDefaults.Http;
using Microsoft.AspNetCore.Diagnostics;
using Microsoft.AspNetCore.Http;
using Npgsql;

namespace ECommerce.Clients.Postgres;

/// <summary>
/// A backstop for values the validators let through but PostgreSQL cannot hold — a NUL character in text, a lone
/// surrogate in JSON, a number out of a column's range: the client's input, so a 400, never a 500.
/// </summary>
public sealed class PostgresInputExceptionHandler(IProblemDetailsService problemDetails) : IExceptionHandler
{
    private static readonly HashSet<string> InputErrors =
    [
        PostgresErrorCodes.CharacterNotInRepertoire,
        PostgresErrorCodes.UntranslatableCharacter,
        PostgresErrorCodes.NumericValueOutOfRange,
        PostgresErrorCodes.InvalidTextRepresentation,
    ];

    public async ValueTask<bool> TryHandleAsync(HttpContext httpContext, Exception exception, CancellationToken cancellationToken)
    {
        var postgres = exception as PostgresException ?? exception.InnerException as PostgresException;
        if (postgres is null || !InputErrors.Contains(postgres.SqlState))
        {
            return false;
        }
        return await problemDetails.WriteProblemAsync(httpContext, StatusCodes.Status400BadRequest, "Bad request",
            "The request contains a character or a number that cannot be stored.");
    }
}
