using System.Diagnostics;
using System.Security.Cryptography;
using System.Text;
using ECommerce.AppHost.Hosting;
using ECommerce.AppHost.Hosting.Processes;

namespace ECommerce.AppHost.Resources.Postgres;

/// <summary>
/// Where the cluster lives. PostgreSQL refuses to run as root, so when the AppHost is root the cluster belongs to
/// the unprivileged service user, and that user must be able to reach it. A checkout under /root is not reachable
/// for anyone else; the cluster then lives under /var/lib/ecommerce-apphost instead, one folder per data folder.
/// </summary>
public static class PostgresDataDirectory
{
    public static string Resolve(ResourceContext context, Resource resource, string serviceUser)
    {
        var preferred = Path.Combine(context.DataDirectoryFor(resource), "data");
        if (!ManagedProcess.IsRoot)
        {
            Directory.CreateDirectory(preferred);
            return preferred;
        }

        var chosen = preferred;
        if (!ReachableByOthers(Path.GetDirectoryName(preferred)!))
        {
            var key = Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(preferred)))[..12];
            chosen = Path.Combine("/var/lib/ecommerce-apphost", key, resource.Name);
            context.Progress.Report($"{resource.Name}: {preferred} is not reachable by user '{serviceUser}'; the cluster lives in {chosen}");
        }
        Directory.CreateDirectory(chosen);
        // initdb wants an owner-only folder it owns.
        File.SetUnixFileMode(chosen, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
        GiveTo(chosen, serviceUser);
        return chosen;
    }

    public static void GiveTo(string path, string user)
    {
        if (!ManagedProcess.IsRoot)
        {
            return;
        }
        using var chown = Process.Start(new ProcessStartInfo("chown", ["-R", $"{user}:{user}", path]) { RedirectStandardError = true })!;
        chown.WaitForExit();
        if (chown.ExitCode != 0)
        {
            throw new ResourceStartException($"chown of {path} to '{user}' failed: {chown.StandardError.ReadToEnd().Trim()}");
        }
    }

    // Every folder from / down must grant others the search (x) bit for the service user to enter it.
    private static bool ReachableByOthers(string directory)
    {
        for (var dir = new DirectoryInfo(directory); dir is not null; dir = dir.Parent)
        {
            if (dir.Exists && (dir.UnixFileMode & UnixFileMode.OtherExecute) == 0)
            {
                return false;
            }
        }
        return true;
    }
}
