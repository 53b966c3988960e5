using ECommerce.AppHost.Hosting;
using ECommerce.AppHost.Resources.Aws;

namespace ECommerce.AppHost.Resources.Lambda;

public static class LambdaBuilderExtensions
{
    /// <param name="projectPath">The function's project (its program is the custom runtime's bootstrap), relative to the repository root.</param>
    public static IResourceBuilder<LambdaFunctionResource> AddLambdaFunction(this DistributedApplicationBuilder builder, string name, string projectPath) =>
        builder.AddResource(new LambdaFunctionResource(name, projectPath));

    /// <summary>The function's timeout, memory size and reserved concurrency, as in its Lambda configuration.</summary>
    public static IResourceBuilder<LambdaFunctionResource> WithSettings(this IResourceBuilder<LambdaFunctionResource> function,
        TimeSpan timeout, int memorySizeMb, int concurrency)
    {
        if (timeout < TimeSpan.FromSeconds(1) || timeout > TimeSpan.FromMinutes(15))
        {
            throw new ArgumentOutOfRangeException(nameof(timeout), timeout, "A Lambda function's timeout is 1 second to 15 minutes.");
        }
        if (memorySizeMb is < 128 or > 10_240)
        {
            throw new ArgumentOutOfRangeException(nameof(memorySizeMb), memorySizeMb, "A Lambda function has 128 to 10,240 MB.");
        }
        ArgumentOutOfRangeException.ThrowIfLessThan(concurrency, 1);
        function.Resource.Timeout = timeout;
        function.Resource.MemorySizeMb = memorySizeMb;
        function.Resource.Concurrency = concurrency;
        return function;
    }

    /// <summary>Triggers the function from a queue of <paramref name="aws"/>, as an event source mapping does.</summary>
    public static IResourceBuilder<LambdaFunctionResource> WithSqsEventSource(this IResourceBuilder<LambdaFunctionResource> function,
        IResourceBuilder<FauxqsResource> aws, SqsEventSource source)
    {
        source.Validate();
        function.Resource.EventSources.Add((aws.Resource, source));
        return function.WaitFor(aws);
    }
}
