using System.Runtime.InteropServices;

namespace ECommerce.AppHost.Resources;

/// <summary>POSIX signals to a resource's process: a runtime ended as Lambda ends it, an emulator frozen and thawed.</summary>
public static class ProcessSignals
{
    public const int Kill = 9;
    public const int Term = 15;
    public const int Continue = 18;
    public const int Stop = 19;

    /// <returns>False when the signal could not be sent (the error is in <see cref="Marshal.GetLastPInvokeError"/>).</returns>
    public static bool Send(int pid, int signal) => kill(pid, signal) == 0;

    [DllImport("libc", SetLastError = true)]
    private static extern int kill(int pid, int sig);
}
