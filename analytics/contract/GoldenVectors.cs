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
    public static GoldenVectors Load()
    {
        var directory = new DirectoryInfo(AppContext.BaseDirectory);
        while (directory is not null && !File.Exists(Path.Combine(directory.FullName, "ECommerce.sln")))
        {
            directory = directory.Parent;
        }
        var path = Path.Combine(directory?.FullName ?? throw new InvalidOperationException("No ECommerce.sln above the tests."), "analytics", "contract", "golden-vectors.json");
        return JsonSerializer.Deserialize<GoldenVectors>(File.ReadAllBytes(path), ContractJson.Options)!;
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

public sealed record GoldenExpectation(IReadOnlyDictionary<string, int> Outcomes, IReadOnlyList<string> DeadLetterReasons, IReadOnlyList<WindowResult> Windows);
