using System.Text;

namespace ECommerce.AppHost.Publishing;

/// <summary>
/// The files one publish writes, by path under the output folder. Writers add; nothing touches the disk until all
/// of them have succeeded, and the content is written the same way every time (LF, UTF-8 without BOM, a final
/// newline), so two publishes of one model are byte-identical.
/// </summary>
public sealed class PublishedFiles
{
    private readonly SortedDictionary<string, string> _files = new(StringComparer.Ordinal);

    public IReadOnlyDictionary<string, string> Files => _files;

    public void Add(string path, string content)
    {
        if (!_files.TryAdd(path, content.ReplaceLineEndings("\n").TrimEnd('\n') + "\n"))
        {
            throw new InvalidOperationException($"Two writers produced {path}.");
        }
    }

    /// <summary>Writes every file, replacing the folders this publish owns so that nothing of an older model stays.</summary>
    public async Task WriteAsync(string outputDirectory, CancellationToken cancellationToken)
    {
        foreach (var owned in _files.Keys.Select(p => p.Split('/')[0]).Distinct())
        {
            var folder = Path.Combine(outputDirectory, owned);
            if (Directory.Exists(folder))
            {
                Directory.Delete(folder, recursive: true);
            }
        }
        var utf8 = new UTF8Encoding(encoderShouldEmitUTF8Identifier: false);
        foreach (var (path, content) in _files)
        {
            var full = Path.Combine(outputDirectory, path);
            Directory.CreateDirectory(Path.GetDirectoryName(full)!);
            await File.WriteAllTextAsync(full, content, utf8, cancellationToken);
        }
    }
}
