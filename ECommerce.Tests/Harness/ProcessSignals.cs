using System.Diagnostics;
using System.Globalization;

namespace ECommerce.Tests.Harness;

/// <summary>Freezes and thaws a resource's process (SIGSTOP/SIGCONT): an endpoint that accepts connections and then says nothing.</summary>
public static class ProcessSignals
{
    public static void Send(string signal, int pid)
    {
        using var kill = Process.Start("kill", [$"-{signal}", pid.ToString(CultureInfo.InvariantCulture)]);
        kill.WaitForExit();
        Assert.Equal(0, kill.ExitCode);
    }
}
