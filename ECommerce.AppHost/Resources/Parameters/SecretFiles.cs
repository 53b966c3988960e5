namespace ECommerce.AppHost.Resources.Parameters;

/// <summary>Secrets the AppHost generates, in <c>secrets/</c> of its data folder: owner-only from the first byte.</summary>
public static class SecretFiles
{
    public static void Write(string path, string value)
    {
        Directory.CreateDirectory(Path.GetDirectoryName(path)!, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
        using var file = new FileStream(path, new FileStreamOptions
        {
            Mode = FileMode.CreateNew,
            Access = FileAccess.Write,
            UnixCreateMode = UnixFileMode.UserRead | UnixFileMode.UserWrite,
        });
        using var writer = new StreamWriter(file);
        writer.Write(value);
    }
}
