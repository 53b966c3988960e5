using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;

namespace ECommerce.Users.Data.Migrations;

/// <summary>
/// Failed sign-ins are counted per email address, whether or not an account has it, so that the lockout answers
/// the same for every address and cannot tell which ones are registered.
/// </summary>
[DbContext(typeof(UsersDbContext))]
[Migration("20261122110000_SignInAttemptsPerEmail")]
public sealed class SignInAttemptsPerEmail : Migration
{
    protected override void Up(MigrationBuilder migrationBuilder)
    {
        migrationBuilder.Sql("""
            CREATE TABLE sign_in_attempts (
                normalized_email varchar(254) PRIMARY KEY,
                failed_count     integer      NOT NULL CHECK (failed_count >= 0),
                locked_until     timestamptz  NULL,
                updated_at       timestamptz  NOT NULL
            );
            ALTER TABLE users DROP COLUMN failed_login_count, DROP COLUMN locked_until;
            """);
    }

    protected override void Down(MigrationBuilder migrationBuilder)
    {
        migrationBuilder.Sql("""
            ALTER TABLE users ADD COLUMN failed_login_count integer NOT NULL DEFAULT 0, ADD COLUMN locked_until timestamptz NULL;
            DROP TABLE sign_in_attempts;
            """);
    }
}
