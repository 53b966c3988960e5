using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;

namespace ECommerce.Users.Data.Migrations;

/// <summary>
/// Written in SQL, before the project had EF Core's design-time tools (later migrations are scaffolded with
/// `dotnet ef migrations add` against the model snapshot beside this file). The schema test compares what this
/// creates with the EF model, column by column.
/// </summary>
[DbContext(typeof(UsersDbContext))]
[Migration("20261122090000_CreateUsers")]
public sealed class CreateUsers : Migration
{
    protected override void Up(MigrationBuilder migrationBuilder)
    {
        migrationBuilder.Sql("""
            CREATE TABLE users (
                user_id            uuid         PRIMARY KEY,
                email              varchar(254) NOT NULL,
                normalized_email   varchar(254) NOT NULL,
                name               varchar(100) NOT NULL,
                password_hash      text         NOT NULL,
                role               varchar(16)  NOT NULL CHECK (role IN ('customer', 'admin')),
                failed_login_count integer      NOT NULL DEFAULT 0 CHECK (failed_login_count >= 0),
                locked_until       timestamptz  NULL,
                created_at         timestamptz  NOT NULL,
                updated_at         timestamptz  NOT NULL
            );
            CREATE UNIQUE INDEX ux_users_normalized_email ON users (normalized_email);

            CREATE TABLE user_metadata (
                user_id             uuid        PRIMARY KEY REFERENCES users (user_id) ON DELETE CASCADE,
                preferences         jsonb       NOT NULL DEFAULT '{}'::jsonb CHECK (jsonb_typeof(preferences) = 'object'),
                account_status      varchar(16) NOT NULL CHECK (account_status IN ('active', 'suspended', 'deactivated')),
                verification_status varchar(16) NOT NULL CHECK (verification_status IN ('unverified', 'pending', 'verified')),
                updated_at          timestamptz NOT NULL
            );
            """);
    }

    protected override void Down(MigrationBuilder migrationBuilder)
    {
        migrationBuilder.Sql("DROP TABLE user_metadata; DROP TABLE users;");
    }
}
