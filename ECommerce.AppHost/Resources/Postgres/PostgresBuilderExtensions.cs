using ECommerce.AppHost.Hosting;
using Microsoft.Extensions.Configuration;

namespace ECommerce.AppHost.Resources.Postgres;

public static class PostgresBuilderExtensions
{
    public static IResourceBuilder<PostgresServerResource> AddPostgres(this DistributedApplicationBuilder builder, string name) =>
        builder.AddResource(new PostgresServerResource(name));

    public static IResourceBuilder<PostgresDatabaseResource> AddDatabase(this IResourceBuilder<PostgresServerResource> server, string name)
    {
        var external = server.ApplicationBuilder.Configuration.GetConnectionString(name);
        var database = new PostgresDatabaseResource(name, server.Resource, external);
        server.Resource.Databases.Add(database);
        return server.ApplicationBuilder.AddResource(database);
    }
}
