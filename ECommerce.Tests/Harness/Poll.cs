namespace ECommerce.Tests.Harness;

/// <summary>Waits for something the graph does in the background, bounded in time: the last value read is returned either way.</summary>
public static class Poll
{
    public static async Task<T> Eventually<T>(Func<Task<T>> read, Func<T, bool> done, TimeSpan? within = null)
    {
        var deadline = DateTime.UtcNow + (within ?? TimeSpan.FromSeconds(10));
        var value = await read();
        while (!done(value) && DateTime.UtcNow < deadline)
        {
            await Task.Delay(100);
            value = await read();
        }
        return value;
    }
}
