namespace ECommerce.Tests.Publishing;

/// <summary>One publish of the AppHost's model, as an operator runs it, shared by the tests that check its files.</summary>
public sealed class PublishFixture : IAsyncLifetime
{
    public string Output { get; private set; } = "";

    public string PathOf(string relative) => Path.Combine(Output, relative);

    public async Task InitializeAsync() => Output = await PublishedOutput.PublishAsync();

    public Task DisposeAsync()
    {
        Directory.Delete(Output, recursive: true);
        return Task.CompletedTask;
    }

    /// <summary>A copy of the published files to break one of, for a test that shows a validator refuses it.</summary>
    public string CopyOf(string folder)
    {
        var copy = Directory.CreateTempSubdirectory("ecommerce-publish-broken-").FullName;
        foreach (var file in PublishedOutput.RelativeFiles(PathOf(folder)))
        {
            var target = Path.Combine(copy, file);
            Directory.CreateDirectory(Path.GetDirectoryName(target)!);
            File.Copy(Path.Combine(PathOf(folder), file), target);
        }
        return copy;
    }
}
