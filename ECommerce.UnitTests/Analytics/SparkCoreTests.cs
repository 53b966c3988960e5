using System.Diagnostics;
using ECommerce.Analytics.Contract;

namespace ECommerce.UnitTests.Analytics;

/// <summary>
/// The PySpark job's core (analytics/spark/windows_core.py) against the same golden vectors, with plain python3:
/// Spark itself cannot run here, its rules can.
/// </summary>
public sealed class SparkCoreTests
{
    [Fact]
    public async Task ThePySparkJobsCoreMakesTheGoldenVectorsWindowsAndExports()
    {
        var script = Path.Combine(GoldenVectors.RepositoryRoot(), "analytics", "spark", "check_golden.py");
        using var python = Process.Start(new ProcessStartInfo("python3", [script])
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            WorkingDirectory = Path.GetDirectoryName(script)!,
        })!;
        var output = await python.StandardOutput.ReadToEndAsync();
        var errors = await python.StandardError.ReadToEndAsync();
        await python.WaitForExitAsync();

        Assert.True(python.ExitCode == 0, output + errors);
        Assert.Contains("all as expected", output, StringComparison.Ordinal);
    }
}
