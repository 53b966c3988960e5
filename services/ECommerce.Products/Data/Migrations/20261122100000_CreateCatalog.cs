using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;

namespace ECommerce.Products.Data.Migrations;

/// <summary>
/// Written in SQL, before the project had EF Core's design-time tools (later migrations are scaffolded with
/// `dotnet ef migrations add` against the model snapshot beside this file). The schema test compares what this
/// creates with the EF model, column by column.
/// </summary>
[DbContext(typeof(CatalogDbContext))]
[Migration("20261122100000_CreateCatalog")]
public sealed class CreateCatalog : Migration
{
    protected override void Up(MigrationBuilder migrationBuilder)
    {
        migrationBuilder.Sql("""
            -- Trusted since PostgreSQL 13: the database owner may create it. It makes substring search on names indexable.
            CREATE EXTENSION IF NOT EXISTS pg_trgm;

            CREATE TABLE product_categories (
                category_id uuid         PRIMARY KEY,
                name        varchar(100) NOT NULL,
                parent_id   uuid         NULL REFERENCES product_categories (category_id) ON DELETE RESTRICT,
                created_at  timestamptz  NOT NULL,
                updated_at  timestamptz  NOT NULL,
                CHECK (parent_id IS NULL OR parent_id <> category_id)
            );
            CREATE UNIQUE INDEX ux_product_categories_parent_name ON product_categories (parent_id, lower(name)) NULLS NOT DISTINCT;

            CREATE TABLE products (
                product_id  uuid          PRIMARY KEY,
                sku         varchar(64)   NOT NULL,
                name        varchar(200)  NOT NULL,
                description text          NULL,
                price       numeric(12,2) NOT NULL CHECK (price >= 0),
                stock_level integer       NOT NULL CHECK (stock_level >= 0),
                category_id uuid          NULL REFERENCES product_categories (category_id) ON DELETE RESTRICT,
                image_key   varchar(300)  NULL,
                created_at  timestamptz   NOT NULL,
                updated_at  timestamptz   NOT NULL
            );
            CREATE UNIQUE INDEX ux_products_sku ON products (sku);
            CREATE INDEX ix_products_name_trgm ON products USING gin (name gin_trgm_ops);
            CREATE INDEX ix_products_category ON products (category_id);
            CREATE INDEX ix_products_price ON products (price);

            -- One row per order: its outcome is decided once, so a repeated reserve, release or commit replays it.
            CREATE TABLE stock_reservations (
                order_id   uuid        PRIMARY KEY,
                status     varchar(16) NOT NULL CHECK (status IN ('reserved', 'rejected', 'released', 'committed')),
                rejection  jsonb       NULL,
                created_at timestamptz NOT NULL,
                updated_at timestamptz NOT NULL
            );

            CREATE TABLE stock_reservation_items (
                order_id   uuid          NOT NULL REFERENCES stock_reservations (order_id) ON DELETE CASCADE,
                product_id uuid          NOT NULL,
                quantity   integer       NOT NULL CHECK (quantity > 0),
                unit_price numeric(12,2) NOT NULL,
                PRIMARY KEY (order_id, product_id)
            );
            CREATE INDEX ix_stock_reservation_items_product ON stock_reservation_items (product_id);
            """);
    }

    protected override void Down(MigrationBuilder migrationBuilder)
    {
        migrationBuilder.Sql("DROP TABLE stock_reservation_items, stock_reservations, products, product_categories;");
    }
}
