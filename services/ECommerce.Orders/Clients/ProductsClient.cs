using System.Net;
using ECommerce.Contracts;
using ECommerce.ServiceDefaults.Http;

namespace ECommerce.Orders.Clients;

public sealed record ProductSummary(Guid Id, string Name, decimal Price, int StockLevel);

public sealed record StockLine(Guid ProductId, int Quantity);

public sealed record ReservedLine(Guid ProductId, string Name, int Quantity, decimal UnitPrice);

/// <summary>Why a line could not be reserved: <c>unknown_product</c>, or <c>insufficient_stock</c> with what there is.</summary>
public sealed record StockProblem(Guid ProductId, string Problem, int Requested, int Available)
{
    public const string UnknownProduct = "unknown_product";
}

/// <summary>A reservation: every line held (<see cref="IsReserved"/>), or none, with the problems that stopped it.</summary>
public sealed record StockReservation(Guid OrderId, string Status, IReadOnlyList<ReservedLine> Items, IReadOnlyList<StockProblem> Problems)
{
    public bool IsReserved => Status == "reserved";
}

/// <summary>A reservation still holding stock, and since when.</summary>
public sealed record HeldReservation(Guid OrderId, DateTimeOffset ReservedAt);

// The body of the products service's 409: a ProblemDetails whose extensions say what stood in the way.
internal sealed record StockRefusal(Guid OrderId, string ReservationStatus, IReadOnlyList<StockProblem> Problems);

/// <summary>The products service, through service discovery (<c>http://products</c>).</summary>
public sealed class ProductsClient(HttpClient http)
{
    public Task<ProductSummary?> FindAsync(Guid productId, CancellationToken cancellationToken) =>
        http.GetOrNullAsync<ProductSummary>($"/api/v1/products/{productId}", cancellationToken);

    /// <summary>Reserves all lines or none; a reservation that is not <see cref="StockReservation.IsReserved"/> says why in its problems.</summary>
    public async Task<StockReservation> ReserveAsync(Guid orderId, IReadOnlyList<StockLine> lines, CancellationToken cancellationToken)
    {
        using var response = await http.PostAsJsonAsync("/internal/stock/reservations", new { order_id = orderId, items = lines }, ContractJson.Options, cancellationToken);
        if (response.StatusCode == HttpStatusCode.Conflict)
        {
            var refusal = await response.Content.ReadFromJsonAsync<StockRefusal>(ContractJson.Options, cancellationToken);
            return new StockReservation(orderId, refusal?.ReservationStatus ?? "rejected", [], refusal?.Problems ?? []);
        }
        response.EnsureSuccessStatusCode();
        return await response.Content.ReadFromJsonAsync<StockReservation>(ContractJson.Options, cancellationToken)
            ?? throw new InvalidOperationException("The products service answered a reservation with no body.");
    }

    /// <summary>
    /// Reservations made before <paramref name="before"/> that still hold stock, oldest first, from after the one made at
    /// <paramref name="afterTime"/> for <paramref name="afterOrder"/> (the last of the previous page).
    /// </summary>
    public async Task<IReadOnlyList<HeldReservation>> ListHeldReservationsAsync(DateTimeOffset before, DateTimeOffset afterTime, Guid afterOrder,
        int limit, CancellationToken cancellationToken) =>
        await http.GetFromJsonAsync<List<HeldReservation>>(
            $"/internal/stock/reservations/held?before={QueryInstant(before)}&after_time={QueryInstant(afterTime)}&after_order={afterOrder}&limit={limit}",
            ContractJson.Options, cancellationToken) ?? [];

    private static string QueryInstant(DateTimeOffset time) => Uri.EscapeDataString(time.ToString("O", System.Globalization.CultureInfo.InvariantCulture));

    public Task ReleaseAsync(Guid orderId, CancellationToken cancellationToken) => SettleAsync(orderId, "release", cancellationToken);

    public Task CommitAsync(Guid orderId, CancellationToken cancellationToken) => SettleAsync(orderId, "commit", cancellationToken);

    private async Task SettleAsync(Guid orderId, string action, CancellationToken cancellationToken)
    {
        using var response = await http.PostAsync($"/internal/stock/reservations/{orderId}/{action}", content: null, cancellationToken);
        if (response.StatusCode is HttpStatusCode.NotFound or HttpStatusCode.Conflict)
        {
            throw new StockSettlementRefusedException($"products refused to {action} the stock of order {orderId}: {(int)response.StatusCode}");
        }
        response.EnsureSuccessStatusCode();
    }
}

/// <summary>The products service answered that this settlement can never happen (no reservation, or settled the other way).</summary>
public sealed class StockSettlementRefusedException(string message) : Exception(message);
