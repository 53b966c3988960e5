using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;

namespace ECommerce.Products.Data.Migrations;

/// <summary>
/// A reservation remembers a fingerprint of its lines, so that a second request for the same order with other
/// lines is refused rather than answered with the first order's outcome; each product numbers its detail images
/// from a counter, so two uploads at once cannot both become detail_3.
/// </summary>
[DbContext(typeof(CatalogDbContext))]
[Migration("20261122120000_ReservationFingerprintAndImageSequence")]
public sealed class ReservationFingerprintAndImageSequence : Migration
{
    protected override void Up(MigrationBuilder migrationBuilder)
    {
        migrationBuilder.Sql("""
            ALTER TABLE stock_reservations ADD COLUMN request_fingerprint bytea NULL;
            ALTER TABLE products ADD COLUMN image_sequence integer NOT NULL DEFAULT 0 CHECK (image_sequence >= 0);
            """);
    }

    protected override void Down(MigrationBuilder migrationBuilder)
    {
        migrationBuilder.Sql("""
            ALTER TABLE products DROP COLUMN image_sequence;
            ALTER TABLE stock_reservations DROP COLUMN request_fingerprint;
            """);
    }
}
