extern alias analytics;
using System.Text;
using System.Text.Json;
using analytics::ECommerce.Analytics.Windows;
using ECommerce.Contracts;

namespace ECommerce.Analytics.Contract;

/// <summary>
/// <c>analytics/contract/golden-vectors.json</c>: order events in arrival order and what the analytics job must make
/// of them. Compiled into both test projects (the rules alone, and the job through Kafka).
/// </summary>
public sealed record GoldenVectors(int GraceSeconds, IReadOnlyList<GoldenArrival> Arrivals, GoldenExpectation Expected)
{
    public static GoldenVectors Load() =>
        JsonSerializer.Deserialize<GoldenVectors>(File.ReadAllBytes(Path.Combine(RepositoryRoot(), "analytics", "contract", "golden-vectors.json")), ContractJson.Options)!;

    /// <summary>The checkout, found from the test's build output.</summary>
    public static string RepositoryRoot()
    {
        var directory = new DirectoryInfo(AppContext.BaseDirectory);
        while (directory is not null && !File.Exists(Path.Combine(directory.FullName, "ECommerce.sln")))
        {
            directory = directory.Parent;
        }
        return directory?.FullName ?? throw new InvalidOperationException("No ECommerce.sln above the tests.");
    }

    /// <summary>Compares by value: 20.0 and 20.00 are the same amount.</summary>
    public static void AssertSame(WindowResult expected, WindowResult actual)
    {
        Xunit.Assert.Equal(expected with { Products = [], Users = [] }, actual with { Products = [], Users = [] });
        Xunit.Assert.Equal(expected.Products, actual.Products);
        Xunit.Assert.Equal(expected.Users, actual.Users);
    }
}

public sealed record GoldenArrival(string? Note, JsonElement? Event, string? Raw)
{
    public byte[] Bytes => Encoding.UTF8.GetBytes(Raw ?? Event!.Value.GetRawText());
}

public sealed record GoldenExpectation(
    IReadOnlyDictionary<string, int> Outcomes,
    IReadOnlyList<string> DeadLetterReasons,
    IReadOnlyList<WindowResult> Windows,
    IReadOnlyList<string> ClosedHours,
    IReadOnlyList<string> ClosedDays,
    IReadOnlyList<GoldenExport> Exports);

/// <summary>An export file: CSV compared byte for byte, JSON by value (so 23.5 and 23.50 are equal).</summary>
public sealed record GoldenExport(string Key, JsonElement? Json, string? Csv)
{
    public void AssertMatches(byte[] content)
    {
        if (Csv is not null)
        {
            Xunit.Assert.Equal(Csv, Encoding.UTF8.GetString(content));
            return;
        }
        using var actual = JsonDocument.Parse(content);
        AssertSameJson(Json!.Value, actual.RootElement, Key);
    }

    private static void AssertSameJson(JsonElement expected, JsonElement actual, string path)
    {
        Xunit.Assert.True(expected.ValueKind == actual.ValueKind, $"{path}: expected {expected.ValueKind}, found {actual.ValueKind}");
        switch (expected.ValueKind)
        {
            case JsonValueKind.Object:
                Xunit.Assert.Equal(expected.EnumerateObject().Select(p => p.Name).Order(), actual.EnumerateObject().Select(p => p.Name).Order());
                foreach (var property in expected.EnumerateObject())
                {
                    AssertSameJson(property.Value, actual.GetProperty(property.Name), $"{path}.{property.Name}");
                }
                break;
            case JsonValueKind.Array:
                Xunit.Assert.Equal(expected.GetArrayLength(), actual.GetArrayLength());
                foreach (var (item, index) in expected.EnumerateArray().Zip(actual.EnumerateArray()).Select((pair, i) => (pair, i)))
                {
                    AssertSameJson(item.First, item.Second, $"{path}[{index}]");
                }
                break;
            case JsonValueKind.Number:
                Xunit.Assert.True(expected.GetDecimal() == actual.GetDecimal(), $"{path}: expected {expected}, found {actual}");
                break;
            default:
                Xunit.Assert.True(expected.ToString() == actual.ToString(), $"{path}: expected {expected}, found {actual}");
                break;
        }
    }
}
