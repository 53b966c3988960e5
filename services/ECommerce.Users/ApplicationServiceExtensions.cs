using ECommerce.Clients.Postgres;
using ECommerce.ServiceDefaults;
using ECommerce.ServiceDefaults.Authentication;
using ECommerce.Users.Accounts;
using ECommerce.Users.Auth;
using ECommerce.Users.Data;
using FluentValidation;

namespace ECommerce.Users;

public static class ApplicationServiceExtensions
{
    public static IHostApplicationBuilder AddApplicationServices(this IHostApplicationBuilder builder)
    {
        builder.AddPostgresDbContext<UsersDbContext>(ResourceNames.Database, UsersDbContext.MigrationsHistoryTable);
        builder.AddDefaultAuthentication();

        builder.Services.AddSingleton<IPasswordHasher<User>, PasswordHasher<User>>();
        builder.Services.AddSingleton<AccessTokenIssuer>();
        builder.Services.AddScoped<LoginService>();
        builder.Services.AddSingleton<SignInAttempts>();
        builder.Services.Configure<SignInLockoutOptions>(builder.Configuration.GetSection(SignInLockoutOptions.SectionName));
        builder.Services.Configure<AdministratorOptions>(builder.Configuration.GetSection(AdministratorOptions.SectionName));
        builder.Services.AddValidatorsFromAssemblyContaining<RegisterUserRequestValidator>(ServiceLifetime.Singleton, includeInternalTypes: true);
        return builder;
    }
}
