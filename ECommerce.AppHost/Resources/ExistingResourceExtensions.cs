using Microsoft.Extensions.Configuration;

namespace ECommerce.AppHost.Resources;

public static class ExistingResourceExtensions
{
    /// <summary>
    /// An existing resource named by configuration (<c>ConnectionStrings__{name}</c>: an RDS database, Confluent
    /// Cloud with SASL_SSL…), or null when there is none and the AppHost should run one itself.
    /// </summary>
    public static IResourceBuilder<IResourceWithConnectionString>? ExistingConnection(this IDistributedApplicationBuilder builder, string name) =>
        string.IsNullOrWhiteSpace(builder.Configuration.GetConnectionString(name)) ? null : builder.AddConnectionString(name);
}
