using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;

namespace ECommerce.Products.Data.Migrations;

/// <summary>
/// The reservations still holding stock, indexed on their own: the orders service pages through them, oldest first, to find
/// placements that never stored their order. Only reservations in that state are in the index, so it stays as small as
/// the number of unpaid orders however many orders the shop has seen.
/// </summary>
[DbContext(typeof(CatalogDbContext))]
[Migration("20261202080000_HeldReservationsIndex")]
public sealed class HeldReservationsIndex : Migration
{
    protected override void Up(MigrationBuilder migrationBuilder)
    {
        migrationBuilder.Sql("CREATE INDEX ix_stock_reservations_held ON stock_reservations (created_at, order_id) WHERE status = 'reserved';");
    }

    protected override void Down(MigrationBuilder migrationBuilder)
    {
        migrationBuilder.Sql("DROP INDEX ix_stock_reservations_held;");
    }
}
