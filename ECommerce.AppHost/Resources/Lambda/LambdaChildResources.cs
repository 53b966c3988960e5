namespace ECommerce.AppHost.Resources.Lambda;

/// <summary>
/// One execution environment of a function as the dashboard shows it: its runtime process (pid, restarts, output) and
/// the Runtime API endpoint that process talks to.
/// </summary>
public sealed class LambdaExecutionEnvironmentResource(string name, LambdaFunctionResource function, int index) : Resource(name)
{
    public LambdaFunctionResource Function { get; } = function;

    public int Index { get; } = index;
}

/// <summary>An SQS event source mapping of a function as the dashboard shows it: the queue it polls and what it invoked.</summary>
public sealed class SqsEventSourceResource(string name, LambdaFunctionResource function, SqsEventSource source) : Resource(name)
{
    public LambdaFunctionResource Function { get; } = function;

    public SqsEventSource Source { get; } = source;
}
