using System.Diagnostics;
using System.Security.Cryptography;
using System.Text;
using Microsoft.Extensions.Logging;

namespace ECommerce.AppHost.Resources.Postgres;

/// <summary>
/// Where the cluster lives. PostgreSQL refuses to run as root, so when the AppHost is root the cluster belongs to
/// the unprivileged service user, and that user must be able to reach it. A checkout under /root is not reachable
/// for anyone else; the cluster then lives under /var/lib/ecommerce-apphost instead, one folder per data folder.
/// </summary>
public static class PostgresDataDirectory
{
    /// <param name="serviceUser">The user the server runs as; null when it runs as the AppHost's own user.</param>
    public static string Resolve(string preferred, string? serviceUser, ILogger log)
    {
        if (serviceUser is null)
        {
            Directory.CreateDirectory(preferred);
            return preferred;
        }

        var chosen = preferred;
        if (!ReachableByOthers(Path.GetDirectoryName(preferred)!))
        {
            var key = Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(preferred)))[..12];
            chosen = Path.Combine("/var/lib/ecommerce-apphost", key, "postgres");
            log.LogWarning("{Preferred} is not reachable by user '{User}'; the cluster lives in {Chosen}", preferred, serviceUser, chosen);
        }
        Directory.CreateDirectory(chosen);
        // initdb wants an owner-only folder it owns.
        File.SetUnixFileMode(chosen, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
        GiveTo(chosen, serviceUser);
        return chosen;
    }

    public static void GiveTo(string path, string? user)
    {
        if (user is null)
        {
            return;
        }
        using var chown = Process.Start(new ProcessStartInfo("chown", ["-R", $"{user}:{user}", path]) { RedirectStandardError = true })!;
        chown.WaitForExit();
        if (chown.ExitCode != 0)
        {
            throw new DistributedApplicationException($"chown of {path} to '{user}' failed: {chown.StandardError.ReadToEnd().Trim()}");
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
