namespace ECommerce.Products.Images;

/// <summary>
/// The name a client gives an upload is never used as a key, but one that tries to be a path (<c>../x</c>,
/// <c>C:\x</c>, <c>/etc/x</c>) is refused outright: it is an attack or a broken client, either way worth a 400.
/// </summary>
public static class UploadNames
{
    public static bool IsPlainFileName(string? name) =>
        !string.IsNullOrWhiteSpace(name)
        && name.Length <= 255
        && name is not ("." or "..")
        && name.IndexOfAny(['/', '\\', ':']) < 0
        && !name.Contains("..", StringComparison.Ordinal)
        && !name.Any(char.IsControl);
}
