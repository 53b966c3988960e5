namespace ECommerce.Tests.Harness;

/// <summary>
/// Tests that hold code to a deadline measured in tenths of a second run alone, after the parallel ones: while the
/// graph fixtures boot, the two cores are busy enough to delay a timer past the margin such a test allows (seen twice
/// in CI: a handler cancelled a second before its deadline still missed it).
/// </summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class AloneCollection
{
    public const string Name = "alone";
}
