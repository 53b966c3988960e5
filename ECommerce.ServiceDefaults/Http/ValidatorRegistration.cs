using FluentValidation;
using Microsoft.Extensions.DependencyInjection;

namespace ECommerce.ServiceDefaults.Http;

/// <summary>
/// The registration method of FluentValidation.DependencyInjectionExtensions, whose served version (12) needs FluentValidation 12:
/// every concrete <see cref="IValidator{T}"/> in the assembly, as a singleton (validators hold no state).
/// </summary>
public static class ValidatorRegistration
{
    public static IServiceCollection AddValidatorsFromAssemblyContaining<TMarker>(this IServiceCollection services)
    {
        var validators =
            from type in typeof(TMarker).Assembly.GetTypes()
            where type is { IsAbstract: false, IsGenericTypeDefinition: false }
            from contract in type.GetInterfaces()
            where contract.IsGenericType && contract.GetGenericTypeDefinition() == typeof(IValidator<>)
            select (contract, type);
        foreach (var (contract, type) in validators)
        {
            services.AddSingleton(contract, type);
        }
        return services;
    }
}
