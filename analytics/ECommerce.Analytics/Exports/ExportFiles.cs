using System.Globalization;
using System.Text;
using System.Text.Json;
using ECommerce.Analytics.Windows;
using ECommerce.Contracts;

namespace ECommerce.Analytics.Exports;

/// <summary>One object of the <c>ecommerce-analytics-results</c> layout: its key and its bytes.</summary>
public sealed record ExportFile(string Key, string ContentType, byte[] Content);

/// <summary>
/// The S3 exports, made from closed windows only, so the same windows always make the same bytes (a rewrite is an
/// idempotent overwrite, and a past day can be rebuilt from its hours). Lists are sorted; money has two decimals.
/// </summary>
public static class ExportFiles
{
    /// <summary>How many products <c>top_products.csv</c> ranks.</summary>
    public const int TopProducts = 100;

    public static string MinuteWindowsKey(DateTimeOffset hour) => $"hourly/{Periods.HourName(hour)}/orders_minute_windows.json";

    /// <summary>Where an hour's minutes gather until the hour closes (the hourly file appears only then, complete).</summary>
    public static string OpenHourKey(DateTimeOffset hour) => $"working/{Periods.HourName(hour)}/orders_minute_windows.json";

    public static string UniqueUsersKey(DateTimeOffset hour) => $"hourly/{Periods.HourName(hour)}/unique_user_count.json";

    /// <summary><c>hourly/{yyyy-MM-dd-HH}/orders_minute_windows.json</c>: the hour's windows, by id, with their buyers.</summary>
    public static ExportFile MinuteWindows(DateTimeOffset hour, IEnumerable<WindowResult> windows, bool open = false) =>
        Json(open ? OpenHourKey(hour) : MinuteWindowsKey(hour), new HourWindows(Periods.HourName(hour), [.. windows.OrderBy(w => w.WindowId, StringComparer.Ordinal)]));

    public static HourWindows ReadMinuteWindows(byte[] content) => JsonSerializer.Deserialize<HourWindows>(content, ContractJson.Options)!;

    /// <summary><c>hourly/{yyyy-MM-dd-HH}/unique_user_count.json</c>: exact unique buyers over the hour (not a sum of minutes).</summary>
    public static ExportFile UniqueUsers(DateTimeOffset hour, IReadOnlyList<WindowResult> windows) =>
        Json(UniqueUsersKey(hour), new HourUniqueUsers(
            Periods.HourName(hour),
            windows.SelectMany(w => w.Users).Select(u => u.UserId).Distinct().Count(),
            windows.Sum(w => w.TotalOrders),
            windows.Count));

    /// <summary>The four daily files, from every window of the day.</summary>
    public static IReadOnlyList<ExportFile> Daily(DateTimeOffset day, IEnumerable<WindowResult> dayWindows)
    {
        IReadOnlyList<WindowResult> windows = [.. dayWindows.OrderBy(w => w.WindowId, StringComparer.Ordinal)];
        var name = Periods.DayName(day);
        var orders = windows.Sum(w => w.TotalOrders);
        var revenue = windows.Sum(w => w.TotalRevenue);
        var users = windows.SelectMany(w => w.Users).GroupBy(u => u.UserId)
            .Select(g => new UserResult(g.Key, g.Sum(u => u.Orders), Money.Round(g.Sum(u => u.Spend))))
            .OrderBy(u => u.UserId).ToList();
        var products = windows.SelectMany(w => w.Products).GroupBy(p => p.ProductId)
            .Select(g => new ProductResult(g.Key, g.First().Name, g.Sum(p => p.Units), Money.Round(g.Sum(p => p.Revenue))))
            .OrderByDescending(p => p.Revenue).ThenByDescending(p => p.Units).ThenBy(p => p.ProductId).Take(TopProducts).ToList();
        var hours = windows.GroupBy(w => Periods.HourOf(w.WindowStart)).OrderBy(g => g.Key)
            .Select(g => new HourRevenue(Periods.HourName(g.Key), g.Sum(w => w.TotalOrders), Money.Round(g.Sum(w => w.TotalRevenue)))).ToList();
        return
        [
            Json($"daily/{name}/orders_summary.json", new DaySummary(name, orders, users.Count, Money.Round(revenue),
                Money.Round(orders == 0 ? 0m : revenue / orders), windows.Sum(w => w.ConfirmedOrders), windows.Sum(w => w.CancelledOrders), windows.Count)),
            Csv($"daily/{name}/user_metrics.csv", "user_id,orders,spend",
                users.Select(u => $"{u.UserId},{u.Orders},{Number(u.Spend)}")),
            Json($"daily/{name}/revenue_report.json", new RevenueReport(name, Money.Round(revenue), hours)),
            Csv($"daily/{name}/top_products.csv", "rank,product_id,name,units,revenue",
                products.Select((p, i) => $"{i + 1},{p.ProductId},{CsvField(p.Name)},{p.Units},{Number(p.Revenue)}")),
        ];
    }

    private static ExportFile Json<T>(string key, T document) =>
        new(key, "application/json", [.. JsonSerializer.SerializeToUtf8Bytes(document, ContractJson.Options), (byte)'\n']);

    private static ExportFile Csv(string key, string header, IEnumerable<string> rows) =>
        new(key, "text/csv", Encoding.UTF8.GetBytes(string.Join('\n', rows.Prepend(header)) + "\n"));

    private static string Number(decimal value) => value.ToString(CultureInfo.InvariantCulture);

    // RFC 4180: quote a field with a comma, quote or line break, doubling its quotes.
    private static string CsvField(string value) =>
        value.IndexOfAny([',', '"', '\n', '\r']) < 0 ? value : $"\"{value.Replace("\"", "\"\"", StringComparison.Ordinal)}\"";
}

public sealed record HourWindows(string Hour, IReadOnlyList<WindowResult> Windows);

public sealed record HourUniqueUsers(string Hour, int UniqueUsers, int TotalOrders, int Windows);

public sealed record DaySummary(string Date, int TotalOrders, int UniqueUsers, decimal TotalRevenue, decimal AvgOrderValue,
    int ConfirmedOrders, int CancelledOrders, int Windows);

public sealed record HourRevenue(string Hour, int Orders, decimal Revenue);

public sealed record RevenueReport(string Date, decimal TotalRevenue, IReadOnlyList<HourRevenue> ByHour);
