using System.Security.Cryptography;
using ECommerce.AppHost.Hosting;

namespace ECommerce.AppHost.Resources.Parameters;

/// <summary>
/// A value the graph hands to projects, as Aspire's parameters: from configuration <c>Parameters:{name}</c> when
/// set, otherwise the default. A generated secret is created once and kept in the data folder's <c>secrets/</c>
/// (owner-only), so signing keys and the first admin's password survive restarts. Values never reach the console
/// or the state file.
/// </summary>
public sealed class ParameterResource(string name, bool secret, string? defaultValue) : Resource(name)
{
    private string? _value;

    public override string Kind => "parameter";

    public bool Secret { get; } = secret;

    /// <summary>Where a generated value is kept, once started; null for configured values and plain defaults.</summary>
    public string? SecretFile { get; private set; }

    public string Value => _value ?? throw new InvalidOperationException($"{this} has not been resolved yet.");

    public override Task StartAsync(ResourceContext context, CancellationToken cancellationToken)
    {
        _value = context.Configuration[$"Parameters:{Name}"] is { Length: > 0 } configured
            ? configured
            : defaultValue ?? LoadOrGenerate(context);
        return Task.CompletedTask;
    }

    private string LoadOrGenerate(ResourceContext context)
    {
        SecretFile = Path.Combine(context.Options.DataDirectory, "secrets", Name);
        if (File.Exists(SecretFile))
        {
            return File.ReadAllText(SecretFile).Trim();
        }
        var value = Convert.ToBase64String(RandomNumberGenerator.GetBytes(32)).TrimEnd('=').Replace('+', '-').Replace('/', '_');
        SecretFiles.Write(SecretFile, value);
        return value;
    }
}
