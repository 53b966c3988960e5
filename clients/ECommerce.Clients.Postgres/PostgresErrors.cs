using Microsoft.EntityFrameworkCore;
using Npgsql;

namespace ECommerce.Clients.Postgres;

/// <summary>
/// Constraint violations that mean "the client's request conflicts with what is stored" — a 409, not a 500.
/// Letting the constraint decide (rather than checking first) is what keeps two racing requests honest.
/// </summary>
public static class PostgresErrors
{
    public static bool IsUniqueViolation(this DbUpdateException exception) =>
        exception.InnerException is PostgresException { SqlState: PostgresErrorCodes.UniqueViolation };

    public static bool IsForeignKeyViolation(this DbUpdateException exception) =>
        exception.InnerException is PostgresException { SqlState: PostgresErrorCodes.ForeignKeyViolation };
}
