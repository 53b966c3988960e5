using System.Text.Json;
using ECommerce.ServiceDefaults;
using Npgsql;
using NpgsqlTypes;

namespace ECommerce.Products.Stock;

public enum ReservationChange
{
    Done,
    NotFound,
    Conflict,
}

/// <summary>A reserve answered from an earlier request for the same order, or refused because its lines differ.</summary>
public sealed record ReserveOutcome(Reservation Reservation, bool LinesDiffer);

/// <summary>
/// Stock held for orders. Each operation is one transaction keyed by the order id, so a retry of any of them —
/// after a timeout, a crash, a duplicate message — finds the first outcome instead of acting twice:
/// reserve takes stock at most once, release gives it back at most once, commit makes it final.
/// </summary>
public sealed class StockReservations(NpgsqlDataSource dataSource, TimeProvider clock)
{
    public async Task<ReserveOutcome> ReserveAsync(ReserveStockRequest request, CancellationToken cancellationToken)
    {
        // One line per product; the locks below are taken in product order, so two orders never deadlock.
        var lines = request.Items.GroupBy(i => i.ProductId)
            .Select(g => (ProductId: g.Key, Quantity: g.Sum(i => i.Quantity)))
            .OrderBy(l => l.ProductId).ToList();
        var fingerprint = Fingerprint(lines);

        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        var now = clock.GetUtcNow();

        // A concurrent request for the same order waits here on the first one's row, then finds it decided.
        var claimed = await ExecuteAsync(connection, transaction, """
            INSERT INTO stock_reservations (order_id, status, request_fingerprint, created_at, updated_at)
            VALUES (@order, 'reserved', @fingerprint, @now, @now)
            ON CONFLICT (order_id) DO NOTHING
            """, cancellationToken, ("order", request.OrderId), ("fingerprint", fingerprint), ("now", now));
        if (claimed == 0)
        {
            await transaction.RollbackAsync(cancellationToken);
            var (first, firstFingerprint) = await FindWithFingerprintAsync(request.OrderId, cancellationToken);
            // A tombstone (released before any reserve) has no fingerprint: it refuses every late reserve.
            return new ReserveOutcome(first!, firstFingerprint is not null && !firstFingerprint.AsSpan().SequenceEqual(fingerprint));
        }

        var stock = new Dictionary<Guid, (string Name, decimal Price, int Level)>();
        await using (var select = new NpgsqlCommand("""
            SELECT product_id, name, price, stock_level FROM products
            WHERE product_id = ANY(@ids) ORDER BY product_id FOR UPDATE
            """, connection, transaction))
        {
            select.Parameters.AddWithValue("ids", lines.Select(l => l.ProductId).ToArray());
            await using var reader = await select.ExecuteReaderAsync(cancellationToken);
            while (await reader.ReadAsync(cancellationToken))
            {
                stock[reader.GetGuid(0)] = (reader.GetString(1), reader.GetDecimal(2), reader.GetInt32(3));
            }
        }

        var problems = lines
            .Select(l => stock.TryGetValue(l.ProductId, out var s)
                ? s.Level < l.Quantity ? new ReservationProblem(l.ProductId, "insufficient_stock", l.Quantity, s.Level) : null
                : new ReservationProblem(l.ProductId, "unknown_product", l.Quantity, 0))
            .OfType<ReservationProblem>().ToList();
        if (problems.Count > 0)
        {
            await ExecuteAsync(connection, transaction, """
                UPDATE stock_reservations SET status = 'rejected', rejection = @rejection WHERE order_id = @order
                """, cancellationToken, ("order", request.OrderId),
                ("rejection", new NpgsqlParameter { Value = JsonSerializer.Serialize(problems, JsonDefaults.Options), NpgsqlDbType = NpgsqlDbType.Jsonb }));
            await transaction.CommitAsync(cancellationToken);
            return new ReserveOutcome(new Reservation(request.OrderId, ReservationStatuses.Rejected, [], problems), LinesDiffer: false);
        }

        await ExecuteAsync(connection, transaction, """
            UPDATE products p SET stock_level = p.stock_level - line.quantity, updated_at = @now
            FROM unnest(@ids, @quantities) AS line(product_id, quantity) WHERE p.product_id = line.product_id;
            INSERT INTO stock_reservation_items (order_id, product_id, quantity, unit_price)
            SELECT @order, line.product_id, line.quantity, line.unit_price FROM unnest(@ids, @quantities, @prices) AS line(product_id, quantity, unit_price);
            """, cancellationToken,
            ("order", request.OrderId), ("now", now),
            ("ids", lines.Select(l => l.ProductId).ToArray()),
            ("quantities", lines.Select(l => l.Quantity).ToArray()),
            ("prices", lines.Select(l => stock[l.ProductId].Price).ToArray()));
        await transaction.CommitAsync(cancellationToken);
        return new ReserveOutcome(new Reservation(request.OrderId, ReservationStatuses.Reserved,
            lines.Select(l => new ReservedItem(l.ProductId, stock[l.ProductId].Name, l.Quantity, stock[l.ProductId].Price)).ToList(), []),
            LinesDiffer: false);
    }

    /// <summary>
    /// Gives the order's stock back. Releasing an order never reserved leaves a tombstone, so a reserve request that
    /// arrives late (it timed out on the caller's side) cannot take stock for an order already given up.
    /// </summary>
    public Task<(ReservationChange Change, Reservation? Reservation)> ReleaseAsync(Guid orderId, CancellationToken cancellationToken) =>
        ChangeAsync(orderId, ReservationStatuses.Released, """
            -- Product rows are locked in the same order as a reserve locks them, so the two cannot deadlock.
            SELECT 1 FROM products p JOIN stock_reservation_items i ON i.product_id = p.product_id
            WHERE i.order_id = @order ORDER BY p.product_id FOR UPDATE OF p;
            UPDATE products p SET stock_level = p.stock_level + i.quantity, updated_at = @now
            FROM stock_reservation_items i WHERE i.order_id = @order AND p.product_id = i.product_id
            """, insertWhenMissing: true, cancellationToken);

    /// <summary>Makes the order's stock final (the order was paid).</summary>
    public Task<(ReservationChange Change, Reservation? Reservation)> CommitAsync(Guid orderId, CancellationToken cancellationToken) =>
        ChangeAsync(orderId, ReservationStatuses.Committed, stockStatement: null, insertWhenMissing: false, cancellationToken);

    /// <summary>
    /// Reservations still holding stock that were made before <paramref name="before"/>, in the order they were made,
    /// from after the one made at <paramref name="afterTime"/> for order <paramref name="afterOrder"/>: the orders service
    /// checks them for placements that never stored their order.
    /// </summary>
    public async Task<IReadOnlyList<HeldReservation>> ListHeldAsync(DateTimeOffset before, DateTimeOffset afterTime, Guid afterOrder, int limit,
        CancellationToken cancellationToken)
    {
        await using var command = dataSource.CreateCommand("""
            SELECT order_id, created_at FROM stock_reservations
            WHERE status = 'reserved' AND created_at < @before AND (created_at, order_id) > (@after_time, @after_order)
            ORDER BY created_at, order_id LIMIT @limit
            """);
        command.Parameters.AddWithValue("before", before);
        command.Parameters.AddWithValue("after_time", afterTime);
        command.Parameters.AddWithValue("after_order", afterOrder);
        command.Parameters.AddWithValue("limit", limit);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        var held = new List<HeldReservation>();
        while (await reader.ReadAsync(cancellationToken))
        {
            held.Add(new HeldReservation(reader.GetGuid(0), reader.GetFieldValue<DateTimeOffset>(1)));
        }
        return held;
    }

    public async Task<Reservation?> FindAsync(Guid orderId, CancellationToken cancellationToken) =>
        (await FindWithFingerprintAsync(orderId, cancellationToken)).Reservation;

    private async Task<(Reservation? Reservation, byte[]? Fingerprint)> FindWithFingerprintAsync(Guid orderId, CancellationToken cancellationToken)
    {
        await using var command = dataSource.CreateCommand("""
            SELECT r.status, r.rejection::text, i.product_id, p.name, i.quantity, i.unit_price, r.request_fingerprint
            FROM stock_reservations r
            LEFT JOIN stock_reservation_items i ON i.order_id = r.order_id
            LEFT JOIN products p ON p.product_id = i.product_id
            WHERE r.order_id = @order ORDER BY i.product_id
            """);
        command.Parameters.AddWithValue("order", orderId);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        string? status = null;
        byte[]? fingerprint = null;
        IReadOnlyList<ReservationProblem> problems = [];
        var items = new List<ReservedItem>();
        while (await reader.ReadAsync(cancellationToken))
        {
            status = reader.GetString(0);
            fingerprint = reader.IsDBNull(6) ? null : reader.GetFieldValue<byte[]>(6);
            if (!reader.IsDBNull(1))
            {
                problems = JsonSerializer.Deserialize<List<ReservationProblem>>(reader.GetString(1), JsonDefaults.Options)!;
            }
            if (!reader.IsDBNull(2))
            {
                // A product deleted after its reservation was committed keeps its line, without a name.
                items.Add(new ReservedItem(reader.GetGuid(2), reader.IsDBNull(3) ? "" : reader.GetString(3), reader.GetInt32(4), reader.GetDecimal(5)));
            }
        }
        return (status is null ? null : new Reservation(orderId, status, items, problems), fingerprint);
    }

    private static byte[] Fingerprint(IEnumerable<(Guid ProductId, int Quantity)> lines) =>
        System.Security.Cryptography.SHA256.HashData(System.Text.Encoding.UTF8.GetBytes(
            string.Join("\n", lines.Select(l => $"{l.ProductId:N}:{l.Quantity}"))));

    private async Task<(ReservationChange, Reservation?)> ChangeAsync(
        Guid orderId, string target, string? stockStatement, bool insertWhenMissing, CancellationToken cancellationToken)
    {
        var now = clock.GetUtcNow();
        await using (var connection = await dataSource.OpenConnectionAsync(cancellationToken))
        await using (var transaction = await connection.BeginTransactionAsync(cancellationToken))
        {
            if (insertWhenMissing)
            {
                await ExecuteAsync(connection, transaction, """
                    INSERT INTO stock_reservations (order_id, status, created_at, updated_at) VALUES (@order, @status, @now, @now)
                    ON CONFLICT (order_id) DO NOTHING
                    """, cancellationToken, ("order", orderId), ("status", target), ("now", now));
            }
            await using var select = new NpgsqlCommand("SELECT status FROM stock_reservations WHERE order_id = @order FOR UPDATE", connection, transaction);
            select.Parameters.AddWithValue("order", orderId);
            var status = (string?)await select.ExecuteScalarAsync(cancellationToken);
            if (status is null)
            {
                return (ReservationChange.NotFound, null);
            }
            if (status == ReservationStatuses.Reserved)
            {
                if (stockStatement is not null)
                {
                    await ExecuteAsync(connection, transaction, stockStatement, cancellationToken, ("order", orderId), ("now", now));
                }
                await ExecuteAsync(connection, transaction, "UPDATE stock_reservations SET status = @status, updated_at = @now WHERE order_id = @order",
                    cancellationToken, ("order", orderId), ("now", now), ("status", target));
                await transaction.CommitAsync(cancellationToken);
            }
            else if (status != target && !(target == ReservationStatuses.Released && status == ReservationStatuses.Rejected))
            {
                // Releasing a committed order, or committing a released one: the order service has a bug or a race to fix.
                return (ReservationChange.Conflict, await FindAsync(orderId, cancellationToken));
            }
            else
            {
                await transaction.CommitAsync(cancellationToken);
            }
        }
        return (ReservationChange.Done, await FindAsync(orderId, cancellationToken));
    }

    private static async Task<int> ExecuteAsync(NpgsqlConnection connection, NpgsqlTransaction transaction, string sql,
        CancellationToken cancellationToken, params (string Name, object Value)[] parameters)
    {
        await using var command = new NpgsqlCommand(sql, connection, transaction);
        foreach (var (name, value) in parameters)
        {
            if (value is NpgsqlParameter parameter)
            {
                parameter.ParameterName = name;
                command.Parameters.Add(parameter);
            }
            else
            {
                command.Parameters.AddWithValue(name, value);
            }
        }
        return await command.ExecuteNonQueryAsync(cancellationToken);
    }
}
